import numpy as np, os, struct, sys
from readp import read
from numpy.lib.stride_tricks import sliding_window_view as sw
b=open(os.environ.get('CONV64_RAW','/tmp/a6data/glyphs64.u8'),'rb').read(); N,C,H,W=struct.unpack('>4i',b[8:24])
X=np.frombuffer(b[24:24+64*C*H*W],dtype=np.uint8).reshape(64,C,H,W).astype(np.float64)/255
def lrelu(x): return np.where(x>0,x,0.2*x)
def conv(x,w,bias,s,p):
    x=np.pad(x,((0,0),(0,0),(p,p),(p,p))); k=w.shape[2]
    win=sw(x,(k,k),axis=(2,3))[:,:,::s,::s]   # B,C,Ho,Wo,k,k
    return np.einsum('bchwij,ocij->bohw',win,w)+bias[None,:,None,None]
def convT(x,w,bias):
    B,Ci,H,W=x.shape; Co=w.shape[0]; y=np.zeros((B,Co,2*H+2,2*W+2))
    for kh in range(4):
        for kw in range(4):
            y[:,:,kh:kh+2*H:2,kw:kw+2*W:2]+=np.einsum('bchw,oc->bohw',x,w[:,:,kh,kw])
    return y[:,:,1:2*H+1,1:2*W+1]+bias[None,:,None,None]
def run(fn):
    P=read(fn); h=X; out=[]
    for i in range(4):
        h=lrelu(conv(h,P[f'enc_conv{i}_W'],P[f'enc_conv{i}_b'],2,1)); out.append((f'enc_conv{i}',h))
    h=h.reshape(h.shape[0],-1); h=lrelu(h@P['enc_dense_W'].T); out.append(('enc_dense',h))
    mu=h@P['enc_mean_W'].T; lv=h@P['enc_logVar_W'].T; out+= [('mu',mu),('logVar',lv)]
    z=mu
    d=lrelu(z@P['dec_dense_W'].T).reshape(-1,256,4,4); out.append(('dec_dense',d))
    for i in range(4):
        d=lrelu(convT(d,P[f'dec_deconv{i}_W'],P[f'dec_deconv{i}_b'])); out.append((f'dec_deconv{i}',d))
    l=conv(d,P['dec_out_W'],P['dec_out_b'],1,1); out.append(('logits',l))
    print(fn)
    for n,a in out:
        print(f"  {n:12s} std {a.std():.4g} mean {a.mean():+.4g}  per-example-std-of-mean {a.reshape(a.shape[0],-1).mean(1).std():.3g}")
    bce=(np.logaddexp(0,l)-X*l).sum()/X.shape[0]; print("  bce/ex (z=mu)",bce)
for f in sys.argv[1:]: run(f)
