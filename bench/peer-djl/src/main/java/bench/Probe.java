package bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.util.Pair;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Bench-only: the peer's side of the same-weights probe (issue 21, conv64). {@code DjlVae conv64 --data RAW --probe DIR
 * [--probe-steps N]} loads vae4j's initial parameters from {@code DIR/params.bin} (written by vae4j's
 * {@code org.vae4j.samples.bench.Conv64Probe}, already in the peer's layouts), sets the reparameterization noise to 0,
 * prints the first batch's loss (images 0..127, file order), compares its gradient with vae4j's {@code DIR/grad.bin}
 * parameter by parameter, then takes N DJL Adam steps on the batches in file order, printing each batch's loss before
 * its step (the lines vae4j's probe prints too).
 */
final class Probe {
    static final byte[] MAGIC = "VAE4JP1\n".getBytes(StandardCharsets.US_ASCII);

    private Probe() {}

    record Arr(long[] shape, float[] v) {}

    static Map<String, Arr> read(Path file) throws IOException {
        Map<String, Arr> out = new LinkedHashMap<>();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) throw new IOException(file + ": not a vae4j probe file");
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                long[] shape = new long[in.readInt()];
                long n = 1;
                for (int k = 0; k < shape.length; k++) { shape[k] = in.readInt(); n *= shape[k]; }
                float[] v = new float[Math.toIntExact(n)];
                for (int k = 0; k < v.length; k++) v[k] = in.readFloat();
                out.put(name, new Arr(shape, v));
            }
        }
        return out;
    }

    /** vae4j's names in the order of the peer's parameters: encoder, decoder, then the mean and log-variance heads. */
    static List<String> peerOrder(List<String> vae4jOrder) {
        List<String> enc = new ArrayList<>(), head = new ArrayList<>(), dec = new ArrayList<>();
        for (String s : vae4jOrder) (s.startsWith("enc_mean") || s.startsWith("enc_logVar") ? head : s.startsWith("enc") ? enc : dec).add(s);
        List<String> o = new ArrayList<>(enc);
        o.addAll(dec);
        o.addAll(head);
        return o;
    }

    /**
     * Prints each parameter's own initial values as the bound they imply (max |w| and sqrt(3) std, both times sqrt(fan_in):
     * ~1 for U(+-1/sqrt(fan_in)), 0 for zeros; fan_in = size(1) * k * k, DJL's XavierInitializer's), then replaces every
     * parameter with vae4j's from {@code file} (shapes checked).
     */
    static List<String> load(DjlVae.Vae vae, Path file) throws IOException {
        Map<String, Arr> params = read(file);
        List<String> names = peerOrder(new ArrayList<>(params.keySet()));
        List<Pair<String, Parameter>> mine = vae.getParameters().stream().toList();
        if (mine.size() != names.size()) throw new IllegalStateException("peer has " + mine.size() + " parameters, vae4j " + names.size());
        for (int i = 0; i < names.size(); i++) {
            NDArray a = mine.get(i).getValue().getArray();
            Arr src = params.get(names.get(i));
            if (!a.getShape().equals(new Shape(src.shape()))) {
                throw new IllegalStateException(mine.get(i).getKey() + " " + a.getShape() + " vs vae4j " + names.get(i) + " " + new Shape(src.shape()));
            }
            Shape sh = a.getShape();
            long fanIn = sh.dimension() == 1 ? 1 : sh.get(1) * (sh.dimension() > 2 ? sh.slice(2).size() : 1);
            float[] own = a.toFloatArray();
            double max = 0, sq = 0;
            for (float v : own) { max = Math.max(max, Math.abs(v)); sq += (double) v * v; }
            double root = Math.sqrt(fanIn), std = Math.sqrt(sq / own.length);
            System.out.printf(Locale.ROOT, "INIT %-16s %-18s peer max|w|*sqrt(fan_in)=%.4f sqrt(3)*std*sqrt(fan_in)=%.4f (fan_in %d)%n",
                    names.get(i), mine.get(i).getKey(), max * root, Math.sqrt(3) * std * root, fanIn);
            a.set(src.v());
        }
        System.out.println("# djl-pytorch: parameters replaced by vae4j's from " + file);
        return names;
    }

    /** conv64's parameters in the peer's order, by vae4j's names: encoder, decoder, then the heads. */
    static final List<String> CONV64_NAMES = names("enc_conv0", "enc_conv1", "enc_conv2", "enc_conv3", "enc_dense", "dec_dense",
            "dec_deconv0", "dec_deconv1", "dec_deconv2", "dec_deconv3", "dec_out", "enc_mean", "enc_logVar");

    private static List<String> names(String... layers) {
        List<String> out = new ArrayList<>();
        for (String l : layers) { out.add(l + "_W"); out.add(l + "_b"); }
        return out;
    }

    /**
     * {@code --dump-init FILE} (conv64): writes the peer's own initial parameters, before any {@code --init-params}, in the
     * probe file format under vae4j's names, in the peer's layouts (dense [out, in], convolutions and the {@link ConvT4x2}
     * transposed convolutions [out, in, k, k]): what vae4j's {@code Benchmark conv64 --init-params FILE} reads. Written to
     * a temporary name, then renamed.
     */
    static void dump(DjlVae.Vae vae, Path file) throws IOException {
        List<Pair<String, Parameter>> mine = vae.getParameters().stream().toList();
        if (mine.size() != CONV64_NAMES.size()) throw new IllegalStateException("conv64 has " + CONV64_NAMES.size() + " parameters, the peer " + mine.size());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (java.io.DataOutputStream d = new java.io.DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(tmp)))) {
            d.write(MAGIC);
            d.writeInt(mine.size());
            for (int i = 0; i < mine.size(); i++) {
                NDArray a = mine.get(i).getValue().getArray();
                d.writeUTF(CONV64_NAMES.get(i));
                d.writeInt(a.getShape().dimension());
                for (long s : a.getShape().getShape()) d.writeInt(Math.toIntExact(s));
                for (float v : a.toFloatArray()) d.writeFloat(v);
            }
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        System.out.println("# djl-pytorch: initial parameters written to " + file);
    }

    static void run(DjlVae.Vae vae, Trainer trainer, Mnist m, Path dir, int steps) throws IOException {
        List<String> names = load(vae, dir.resolve("params.bin"));
        Map<String, Arr> grads = read(dir.resolve("grad.bin"));
        List<Pair<String, Parameter>> mine = vae.getParameters().stream().toList();
        DjlVae.ZERO_NOISE = true;
        NDManager root = trainer.getManager();
        int d = m.rows * m.cols, batches = m.n / 128;
        int[] order = new int[m.n];
        for (int i = 0; i < order.length; i++) order[i] = i;
        for (int t = 1; t <= steps; t++) {
            int from = ((t - 1) % batches) * 128;
            try (NDManager sub = root.newSubManager()) {
                NDArray x = sub.create(m.gather(order, from, from + 128), DjlVae.s(128, d));
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDList pred = trainer.forward(new NDList(x));
                    NDArray loss = trainer.getLoss().evaluate(new NDList(x), pred);
                    gc.backward(loss);
                    double gn = 0;
                    for (Pair<String, Parameter> p : mine) {
                        float[] g = p.getValue().getArray().getGradient().toFloatArray();
                        for (float v : g) gn += (double) v * v;
                    }
                    System.out.printf(Locale.ROOT, "PROBE engine=djl-pytorch step=%d loss=%.6f grad_norm=%.6g%n", t, loss.getFloat(), Math.sqrt(gn));
                    if (t == 1) {
                        for (int i = 0; i < names.size(); i++) {
                            float[] g = mine.get(i).getValue().getArray().getGradient().toFloatArray();
                            float[] ref = grads.get(names.get(i)).v();
                            double diff = 0, norm = 0, max = 0;
                            for (int k = 0; k < g.length; k++) {
                                double e = g[k] - ref[k];
                                diff += e * e; norm += (double) ref[k] * ref[k]; max = Math.max(max, Math.abs(e));
                            }
                            System.out.printf(Locale.ROOT, "GRAD %-16s %-14s |g_vae4j|=%.6g rel_diff=%.3g max_abs_diff=%.3g%n",
                                    names.get(i), mine.get(i).getValue().getArray().getShape(), Math.sqrt(norm), Math.sqrt(diff / norm), max);
                        }
                    }
                }
                trainer.step();
            }
        }
    }
}
