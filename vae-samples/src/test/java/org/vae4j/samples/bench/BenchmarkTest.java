package org.vae4j.samples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BenchmarkTest {

  @Test
  void medianOfOddAndEvenListsIsTheMiddleValueOrTheMeanOfTheTwo() {
    assertThat(Benchmark.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
    assertThat(Benchmark.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    assertThat(Benchmark.median(List.of(7.0))).isEqualTo(7.0);
    assertThatThrownBy(() -> Benchmark.median(List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("values");
  }

  @Test
  void readsThePeakResidentSizeFromProcStatusText() {
    String status = "Name:\tjava\nVmPeak:\t 9000000 kB\nVmHWM:\t  1048576 kB\nVmRSS:\t  524288 kB\n";
    assertThat(Benchmark.vmHwmMb(status)).isEqualTo(1024);
    assertThat(Benchmark.vmHwmMb("Name:\tjava\n")).isEqualTo(-1);
    assertThatThrownBy(() -> Benchmark.vmHwmMb("VmHWM:\t12 MB\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("VmHWM");
  }

  @Test
  void peakResidentSizeOfThisProcessIsPositiveOnLinux() {
    long mb = Benchmark.peakRssMb();
    if (Path.of("/proc/self/status").toFile().exists()) {
      assertThat(mb).isPositive();
    } else {
      assertThat(mb).isEqualTo(-1);
    }
  }

  @Test
  void parsesModelsEpochsAndOptionsWithThePeersDefaults() {
    BenchmarkOptions conv = Benchmark.parse("conv");
    assertThat(conv.models()).containsExactly("conv");
    assertThat(conv.epochs()).isEqualTo(5);
    assertThat(Benchmark.parse("mlp").epochs()).isEqualTo(11);
    BenchmarkOptions all = Benchmark.parse();
    assertThat(all.models()).containsExactly("conv", "mlp");
    BenchmarkOptions o = Benchmark.parse("mlp", "3", "--limit", "500", "--mnist", "/data/m",
        "--encode-repeats", "2", "--seed", "7");
    assertThat(o.epochs()).isEqualTo(3);
    assertThat(o.limit()).isEqualTo(500);
    assertThat(o.mnistDir()).isEqualTo(Path.of("/data/m"));
    assertThat(o.encodeRepeats()).isEqualTo(2);
    assertThat(o.seed()).isEqualTo(7);
    assertThat(conv.seed()).isEqualTo(42);
    assertThat(conv.init()).isEqualTo("model");
    assertThat(Benchmark.parse("conv", "--init", "zero-bias").init()).isEqualTo("zero-bias");
  }

  @Test
  void rejectsBadArgumentsNamingThem() {
    assertThatThrownBy(() -> Benchmark.parse("resnet"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resnet");
    assertThatThrownBy(() -> Benchmark.parse("mlp", "1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epochs")
        .hasMessageContaining("1");
    assertThatThrownBy(() -> Benchmark.parse("mlp", "two"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two");
    assertThatThrownBy(() -> Benchmark.parse("mlp", "--limit", "0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
    assertThatThrownBy(() -> Benchmark.parse("mlp", "--limit", "10001"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10001");
    assertThatThrownBy(() -> Benchmark.parse("mlp", "--fast", "1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--fast");
    assertThatThrownBy(() -> Benchmark.parse("mlp", "--limit"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--limit");
    assertThatThrownBy(() -> Benchmark.parse("mlp", "--seed", "x7"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--seed")
        .hasMessageContaining("x7");
    assertThatThrownBy(() -> Benchmark.parse("mlp", "--encode-repeats", "0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("encodeRepeats");
    assertThatThrownBy(() -> Benchmark.parse("mlp", "--init", "xavier"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--init")
        .hasMessageContaining("xavier");
  }

  @Test
  void summaryLineCarriesThePeersFieldsAndTheMedianAfterWarmUp() {
    Benchmark.Result r = new Benchmark.Result("conv", List.of(20.0, 4.0, 6.0, 5.0),
        List.of(260.0, 220.0, 210.0, 205.5), 10_000, 900, 12_345);
    assertThat(r.medianSecondsAfterWarmup()).isEqualTo(5.0);
    assertThat(r.imagesPerSecond()).isEqualTo(2000.0);
    String line = Benchmark.summaryLine(r);
    assertThat(line).startsWith("SUMMARY engine=vae4j model=conv epochs=4 warmup_epoch_s=20.000"
        + " median_s_after_warmup=5.000 min_s=4.000 loss_epoch1=260.0000 loss_last=205.5000"
        + " all_s=[20.00,4.00,6.00,5.00,]");
    assertThat(line).contains(" images_per_s=2000 peak_rss_mb=900 encode_images_per_s=12345");
    assertThat(Benchmark.epochLine("mlp", 3, 1.23456, 170.123456))
        .isEqualTo("EPOCH engine=vae4j model=mlp epoch=3 time_s=1.235 loss_per_sample=170.1235");
  }

  @Test
  void aShortRunOnRealDigitsPrintsOneEpochLinePerEpochAndASummaryThatAgrees() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BenchmarkOptions options = new BenchmarkOptions(List.of("mlp"), 3,
        Benchmark.defaultMnistDir(), 512, 1, BenchmarkOptions.DEFAULT_SEED);
    List<Benchmark.Result> results;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      results = Benchmark.run(options, out);
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    List<String> epochs = text.lines().filter(l -> l.startsWith("EPOCH ")).toList();
    assertThat(epochs).hasSize(3);
    assertThat(results).hasSize(1);
    Benchmark.Result r = results.get(0);
    assertThat(r.images()).isEqualTo(512);
    assertThat(r.epochSeconds()).hasSize(3).allSatisfy(s -> assertThat(s).isPositive());
    // Training on real digits lowers the loss per sample from the first to the last epoch.
    assertThat(r.losses().get(2)).isLessThan(r.losses().get(0));
    assertThat(r.encodeImagesPerSecond()).isPositive();
    Matcher m = Pattern.compile("loss_per_sample=([0-9.]+)").matcher(epochs.get(2));
    assertThat(m.find()).isTrue();
    assertThat(Double.parseDouble(m.group(1))).isCloseTo(r.losses().get(2), within(1e-3));
    String summary = text.lines().filter(l -> l.startsWith("SUMMARY ")).findFirst().orElseThrow();
    assertThat(summary).contains("model=mlp epochs=3");
    assertThat(Arrays.stream(summary.split(" ")).filter(f -> f.startsWith("peak_rss_mb=")))
        .singleElement().satisfies(f -> assertThat(Long.parseLong(f.substring(12))).isNotZero());
  }
}
