import numpy as np, struct, sys
def read(fn):
    b=open(fn,'rb').read(); assert b[:8]==b"VAE4JP1\n"; p=8
    n,=struct.unpack('>i',b[p:p+4]); p+=4; out={}
    for _ in range(n):
        l,=struct.unpack('>H',b[p:p+2]); p+=2; name=b[p:p+l].decode(); p+=l
        r,=struct.unpack('>i',b[p:p+4]); p+=4
        sh=struct.unpack('>%di'%r,b[p:p+4*r]); p+=4*r
        cnt=int(np.prod(sh)); a=np.frombuffer(b[p:p+4*cnt],dtype='>f4').astype(np.float64).reshape(sh); p+=4*cnt
        out[name]=a
    return out
def stats(d):
    for k,a in d.items():
        fan = 1 if a.ndim==1 else a.shape[1]*(int(np.prod(a.shape[2:])) if a.ndim>2 else 1)
        s=f"{k:14s} {str(a.shape):20s} min {a.min():+.5f} max {a.max():+.5f} mean {a.mean():+.2e} std {a.std():.5f} std*sqrt(fan)*sqrt3 {a.std()*np.sqrt(fan)*np.sqrt(3):.4f} fan {fan}"
        if a.ndim==4:
            so=a.reshape(a.shape[0],-1).std(1)*np.sqrt(fan*3); si=a.transpose(1,0,2,3).reshape(a.shape[1],-1).std(1)*np.sqrt(fan*3)
            sk=a.std(axis=(0,1))*np.sqrt(fan*3)
            s+=f"\n      per-out std*√3fan [{so.min():.3f},{so.max():.3f}] per-in [{si.min():.3f},{si.max():.3f}] per-tap [{sk.min():.3f},{sk.max():.3f}] outmeans sd {a.reshape(a.shape[0],-1).mean(1).std()*np.sqrt(fan*3):.3f}"
        print(s)
if __name__=='__main__':
    d=read(sys.argv[1]); stats(d)
