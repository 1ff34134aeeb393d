package bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Conv2d(cin -> filters, 3x3, stride 1, pad 1) with fewer than 16 filters, computed by libtorch as a convolution with 16
 * filters whose extra ones are constant zeros (not parameters), of which the first {@code filters} output channels are kept.
 * Same parameters ([filters, cin, 3, 3] weight, [filters] bias, initialised in the same order as Conv2d's), same outputs
 * and gradients as Conv2d. Why: on the AVX-512 machine of 2026-12-07 (AMD EPYC, Zen 5; also with its AVX2 kernel) libtorch 2.7.1's oneDNN 3.7.1 kernel for the input gradient
 * (convolution backward_data, jit:avx512_core / jit:avx2) of a convolution with ONE output channel returns wrong values
 * (its output gradient and weights are padded from 1 to 16 channels in oneDNN's blocked layout, and the padding is not zeros),
 * ~90% of the entries off, sometimes NaN (bench.ConvGradProbe, docs/performance.md "2026-12-07: the AVX-512 machine, the peer's conv NaN found and fixed"); with 16 output
 * channels (one full oneDNN channel block) the same kernel family is exact. The extra 15 filters cost what oneDNN spends
 * anyway: it pads the channel dimension to a block of 16 in its blocked layout.
 */
public class PaddedConv extends AbstractBlock {
    static final int BLOCK = 16;
    final int filters;
    final Parameter weight, bias;

    public PaddedConv(int filters) {
        super((byte) 1);
        if (filters < 1 || filters >= BLOCK) throw new IllegalArgumentException("filters must be 1.." + (BLOCK - 1) + ", got " + filters);
        this.filters = filters;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
        bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build());
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        weight.setShape(new Shape(filters, inputShapes[0].get(1), 3, 3));
        bias.setShape(new Shape(filters));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = ps.getValue(bias, x.getDevice(), training);
        long cin = w.getShape().get(1);
        NDArray wPad = w.concat(x.getManager().zeros(new Shape(BLOCK - filters, cin, 3, 3)), 0);
        NDArray bPad = b.concat(x.getManager().zeros(new Shape(BLOCK - filters)), 0);
        NDArray y = Conv2d.conv2d(x, wPad, bPad, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1).singletonOrThrow();
        return new NDList(y.get(":, 0:" + filters));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return new Shape[]{new Shape(in[0].get(0), filters, in[0].get(2), in[0].get(3))};
    }
}
