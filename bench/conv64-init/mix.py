import numpy as np, struct, sys
from readp import read
def write(fn, d):
    with open(fn+'.tmp','wb') as f:
        f.write(b"VAE4JP1\n"); f.write(struct.pack('>i',len(d)))
        for k,a in d.items():
            kb=k.encode(); f.write(struct.pack('>H',len(kb))); f.write(kb)
            f.write(struct.pack('>i',a.ndim)); f.write(struct.pack('>%di'%a.ndim,*a.shape))
            f.write(a.astype('>f4').tobytes())
    import os; os.replace(fn+'.tmp',fn)
# usage: mix.py BASE OTHER OUT prefix1,prefix2  (arrays whose name starts with a prefix come from OTHER)
base=read(sys.argv[1]); other=read(sys.argv[2]); pre=sys.argv[4].split(',')
out={k:(other[k] if any(k.startswith(p) for p in pre) else v) for k,v in base.items()}
print("from other:", [k for k in out if any(k.startswith(p) for p in pre)])
write(sys.argv[3], out)
