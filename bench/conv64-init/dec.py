import numpy as np, sys
from readp import read
for fn in sys.argv[1:]:
    P=read(fn); print(fn)
    for k in ['dec_dense_W','dec_deconv0_W','dec_deconv1_W','dec_deconv2_W','dec_deconv3_W','dec_out_W']:
        w=P[k]; sd=w.std()
        if w.ndim==2:
            rs=w.sum(1)/(sd*np.sqrt(w.shape[1])); cs=w.sum(0)/(sd*np.sqrt(w.shape[0]))
            print(f"  {k} row-sum z std {rs.std():.3f} col-sum z std {cs.std():.3f}")
        else:
            o=w.shape[0]; n=w[0].size
            s=w.reshape(o,-1).sum(1)/(sd*np.sqrt(n))
            line=f"  {k} per-out sum z: std {s.std():.3f} mean {s.mean():+.3f}"
            if k.startswith('dec_deconv'):
                ph=[]
                for a in (0,1):
                    for c in (0,1):
                        sub=w[:,:,a::2,c::2].reshape(o,-1); ph.append(sub.sum(1)/(sd*np.sqrt(sub.shape[1])))
                ph=np.array(ph)
                line+=f" | per-out-phase sum z std {ph.std():.3f}; phase spread within out-ch (std over phases, mean) {ph.std(0).mean():.3f}"
            print(line)
