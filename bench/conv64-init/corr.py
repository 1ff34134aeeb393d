import numpy as np, sys
from readp import read
for fn in sys.argv[1:]:
    d={k:v for k,v in read(fn).items() if not k.endswith('_b')}
    print(fn)
    ks=list(d)
    for i in range(len(ks)):
        for j in range(i+1,len(ks)):
            a=d[ks[i]].ravel(); b=d[ks[j]].ravel(); n=min(a.size,b.size)
            c=np.corrcoef(a[:n],b[:n])[0,1]
            if abs(c)>0.02: print("  corr prefix",ks[i],ks[j],round(c,4))
    # flatten all in order; lag autocorrelation
    allv=np.concatenate([v.ravel()/np.abs(v).max() for v in d.values()])
    for lag in [1,2,3,4,8,16,64]:
        print("  lag",lag, round(np.corrcoef(allv[:-lag],allv[lag:])[0,1],5))
    print("  mu vs lv full corr", np.corrcoef(d['enc_mean_W'].ravel(), d['enc_logVar_W'].ravel())[0,1])
