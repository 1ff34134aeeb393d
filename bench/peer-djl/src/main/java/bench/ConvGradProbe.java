package bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.*;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;

/**
 * Diagnostic for the peer NaN (docs/performance.md): forward + backward of each convolution of the conv VAE alone, at its
 * shapes (batch 128, 3x3, stride 1, pad 1), on libtorch; the input gradient is compared with the same gradient computed as a
 * forward convolution (g with the flipped, transposed kernel) and, for the 32->1 layer, with a naive Java loop on image 0.
 * usage: java -cp target/classes:target/lib/* bench.ConvGradProbe [reps]   (-Dprobe.detail=true: where the wrong entries are)
 */
public class ConvGradProbe {
    static long bad(NDArray a) { return a.isNaN().sum().getLong() + a.isInfinite().sum().getLong(); }
    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Engine.getInstance().setRandomSeed(7);
            for (int r = 0; r < reps; r++) {
                for (int[] c : new int[][]{{32, 1, 28}, {32, -16, 28}, {64, 32, 14}, {64, 64, 7}, {1, 32, 28}}) {
                    int cin = c[0], cout = Math.abs(c[1]) == 16 ? 1 : c[1], hw = c[2]; boolean padOc = c[1] == -16;
                    try (NDManager s = m.newSubManager()) {
                        NDArray x = s.randomNormal(new Shape(128, cin, hw, hw)).maximum(0f);
                        NDArray w = s.randomUniform(-0.06f, 0.06f, new Shape(cout, cin, 3, 3));
                        NDArray b = s.zeros(new Shape(cout));
                        NDArray g = s.randomNormal(new Shape(128, cout, hw, hw)).mul(0.1f);
                        x.setRequiresGradient(true); w.setRequiresGradient(true); b.setRequiresGradient(true);
                        NDArray y;
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            y = padOc   // the 32->1 conv as 32->16 with 15 constant zero filters, output channel 0 taken
                                    ? Conv2d.conv2d(x, w.concat(s.zeros(new Shape(15, cin, 3, 3)), 0), b.concat(s.zeros(new Shape(15)), 0), new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1).singletonOrThrow().get(":, 0:1")
                                    : Conv2d.conv2d(x, w, b, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1).singletonOrThrow();
                            gc.backward(y.mul(g).sum());
                        }
                        {
                            NDArray wf = w.stopGradient().flip(2, 3).transpose(1, 0, 2, 3);          // [cin,1,3,3]
                            NDArray ref = Conv2d.conv2d(g, wf, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1).singletonOrThrow();
                            NDArray dx = x.getGradient();
                            NDArray diff = dx.sub(ref).abs();
                            NDArray wrong = diff.gt(ref.abs().mul(1e-3f).add(1e-5f)).logicalOr(dx.isNaN());
                            long nw = wrong.sum().getLong();
                            System.out.printf("  dx vs forward-conv reference: wrong entries=%d of %d (of which NaN %d)%n", nw, dx.size(), bad(dx));
                            {   // naive dx for image 0: dx[ci,ih,iw] = sum_{kh,kw} g[0,oh,ow] w[0,ci,kh,kw], oh = ih - kh + 1
                                if (cout == 1) { float[] gg = g.get(0).toFloatArray(), ww = w.toFloatArray(), d0 = dx.get(0).toFloatArray(), r0 = ref.get(0).toFloatArray();
                                double eD = 0, eR = 0;
                                for (int ci = 0; ci < cin; ci++) for (int ih = 0; ih < 28; ih++) for (int iw = 0; iw < 28; iw++) {
                                    double acc = 0;
                                    for (int kh = 0; kh < 3; kh++) for (int kw = 0; kw < 3; kw++) {
                                        int oh = ih - kh + 1, ow = iw - kw + 1;
                                        if (oh < 0 || oh >= 28 || ow < 0 || ow >= 28) continue;
                                        acc += gg[oh * 28 + ow] * ww[(ci * 3 + kh) * 3 + kw];
                                    }
                                    int i = (ci * 28 + ih) * 28 + iw;
                                    eD = Math.max(eD, Float.isNaN(d0[i]) ? Double.POSITIVE_INFINITY : Math.abs(d0[i] - acc));
                                    eR = Math.max(eR, Math.abs(r0[i] - acc));
                                }
                                System.out.printf("  image 0 vs naive Java: max|libtorch dx - naive|=%.3g max|forward-conv ref - naive|=%.3g%n", eD, eR);
                            } }
                            if (nw > 0 && Boolean.getBoolean("probe.detail")) {
                                NDArray perN = wrong.sum(new int[]{1, 2, 3}), perC = wrong.sum(new int[]{0, 2, 3}), perH = wrong.sum(new int[]{0, 1, 3}), perW = wrong.sum(new int[]{0, 1, 2});
                                System.out.println("  wrong per image " + java.util.Arrays.toString(perN.toLongArray()));
                                System.out.println("  wrong per channel " + java.util.Arrays.toString(perC.toLongArray()));
                                System.out.println("  wrong per row " + java.util.Arrays.toString(perH.toLongArray()));
                                System.out.println("  wrong per col " + java.util.Arrays.toString(perW.toLongArray()));
                            }
                        }
                        System.out.printf("rep %d conv %d->%d%s %dx%d: y bad=%d dx bad=%d/%d dw bad=%d db bad=%d%n", r, cin, cout, padOc ? " (as 16 zero-padded filters)" : "", hw, hw,
                                bad(y), bad(x.getGradient()), x.size(), bad(w.getGradient()), bad(b.getGradient()));
                    }
                }
            }
        }
    }
}
