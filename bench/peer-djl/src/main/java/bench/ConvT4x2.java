package bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Exact PyTorch ConvTranspose2d(cin, cout, kernel 4, stride 2, padding 1) (output 2H x 2W) for DJL's PyTorch engine, which
 * has no transposed convolution; model conv64's decoder. Polyphase form as {@link ConvT2x}: output row 2m takes kernel rows
 * 3 and 1 on input rows m-1 and m, row 2m+1 kernel rows 2 and 0 on input rows m and m+1 (o = 2i + k - 1), columns alike,
 * so each of the 4 output phases is a stride-1 2x2 convolution of the input padded by 1 on every side, and the multiply-add
 * count is exactly the transposed convolution's (16 taps per input pixel). Weight [cout, cin, 4, 4], fan_in = cin*16.
 * vae4j's k x k transposed convolution (padding 0, cropped by p = 1 at the top-left) is the same function.
 */
public class ConvT4x2 extends AbstractBlock {
    final int cout;
    Parameter weight, bias;

    public ConvT4x2(int cout) {
        super((byte) 1);
        this.cout = cout;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
        bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build());
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        weight.setShape(new Shape(cout, inputShapes[0].get(1), 4, 4));
        bias.setShape(new Shape(cout));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();                     // [B, cin, H, W]
        long B = x.getShape().get(0), H = x.getShape().get(2), W = x.getShape().get(3);
        NDArray w = ps.getValue(weight, x.getDevice(), training);  // [cout, cin, 4, 4]
        NDArray b = ps.getValue(bias, x.getDevice(), training);
        NDArray f = w.flip(2, 3);                                  // f[i,j] = w[3-i, 3-j]: f[::2] = w[{3,1}], f[1::2] = w[{2,0}]
        NDArray xp = x.pad(new Shape(1, 1, 1, 1), 0);              // [B, cin, H+2, W+2]
        String[] taps = {"::2", "1::2"};
        NDList phases = new NDList();
        for (int a = 0; a < 2; a++) {
            for (int c = 0; c < 2; c++) {
                NDArray k = f.get(":, :, " + taps[a] + ", " + taps[c]);
                NDArray in = xp.get(":, :, " + a + ":" + (a + H + 1) + ", " + c + ":" + (c + W + 1));
                phases.add(Conv2d.conv2d(in, k).singletonOrThrow());
            }
        }
        NDArray y = NDArrays.stack(phases).reshape(2, 2, B, cout, H, W).transpose(2, 3, 4, 0, 5, 1).reshape(B, cout, 2 * H, 2 * W);
        return new NDList(y.add(b.reshape(1, cout, 1, 1)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return new Shape[]{new Shape(in[0].get(0), cout, 2 * in[0].get(2), 2 * in[0].get(3))};
    }

    /** Naive reference (definition of PyTorch ConvTranspose2d k4 s2 p1) for testing. */
    static float[] reference(float[] x, int B, int cin, int H, int W, float[] w, int cout, float[] bias) {
        int Ho = 2 * H, Wo = 2 * W;
        float[] y = new float[B * cout * Ho * Wo];
        for (int n = 0; n < B; n++) for (int co = 0; co < cout; co++) for (int oh = 0; oh < Ho; oh++) for (int ow = 0; ow < Wo; ow++) {
            double acc = bias[co];
            for (int ci = 0; ci < cin; ci++) for (int ih = 0; ih < H; ih++) for (int iw = 0; iw < W; iw++) {
                int kh = oh + 1 - 2 * ih, kw = ow + 1 - 2 * iw;                 // o = s*i + k - p
                if (kh < 0 || kh > 3 || kw < 0 || kw > 3) continue;
                acc += x[((n * cin + ci) * H + ih) * W + iw] * w[((co * cin + ci) * 4 + kh) * 4 + kw];
            }
            y[((n * cout + co) * Ho + oh) * Wo + ow] = (float) acc;
        }
        return y;
    }

    /** Checks the block against {@link #reference}; exits with 1 when they differ by more than 1e-4. */
    public static void main(String[] a) throws Exception {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            int B = 2, cin = 3, cout = 5, H = 4, W = 6;
            NDArray x = m.randomNormal(new Shape(B, cin, H, W));
            ConvT4x2 blk = new ConvT4x2(cout);
            blk.setInitializer(new ai.djl.training.initializer.NormalInitializer(1f), Parameter.Type.WEIGHT);
            blk.setInitializer(new ai.djl.training.initializer.NormalInitializer(1f), Parameter.Type.BIAS);
            blk.initialize(m, DataType.FLOAT32, x.getShape());
            NDArray y = blk.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
            float[] ref = reference(x.toFloatArray(), B, cin, H, W, blk.weight.getArray().toFloatArray(), cout, blk.bias.getArray().toFloatArray());
            float[] got = y.toFloatArray();
            double md = 0;
            for (int i = 0; i < ref.length; i++) md = Math.max(md, Math.abs(ref[i] - got[i]));
            System.out.println("ConvT4x2 shape " + y.getShape() + " max |diff| vs reference = " + md);
            if (!(md < 1e-4)) System.exit(1);
        }
    }
}
