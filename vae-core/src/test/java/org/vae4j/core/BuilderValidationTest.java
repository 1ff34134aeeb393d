package org.vae4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** One test per validation rule; each checks that the message names the field and the value. */
class BuilderValidationTest {

  @Test
  void rejectsZeroLatentDim() {
    assertThatThrownBy(() -> Vae.builder().latentDim(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("latentDim must be >= 1, got 0");
  }

  @Test
  void rejectsNonPositiveHiddenSize() {
    assertThatThrownBy(() -> Autoencoder.builder().mlpEncoder(16, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hidden must be >= 1, got [16, 0]");
  }

  @Test
  void rejectsEmptyConvChannels() {
    assertThatThrownBy(() -> Vae.builder().convEncoder(new int[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("channels must not be empty, got []");
  }

  @Test
  void rejectsNonPositiveConvChannel() {
    assertThatThrownBy(() -> Vae.builder().convEncoder(8, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("channels must be >= 1, got [8, -1]");
  }

  @Test
  void rejectsZeroDenseUnits() {
    assertThatThrownBy(() -> Vae.builder().denseUnits(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("denseUnits must be >= 1, got 0");
  }

  @Test
  void rejectsInputShapeOfRankTwo() {
    assertThatThrownBy(() -> Vae.builder().inputShape(28, 28))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("inputShape must be [C, H, W] or [D], got [28, 28]");
  }

  @Test
  void rejectsZeroInputDimension() {
    assertThatThrownBy(() -> Vae.builder().inputShape(1, 0, 28))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("inputShape dimensions must be >= 1, got [1, 0, 28]");
  }

  @Test
  void rejectsNegativeBeta() {
    assertThatThrownBy(() -> Vae.builder().beta(-0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("beta must be finite and >= 0, got -0.5");
  }

  @Test
  void rejectsNanBeta() {
    assertThatThrownBy(() -> ConditionalVae.builder().beta(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("beta must be finite and >= 0, got NaN");
  }

  @Test
  void rejectsOneClass() {
    assertThatThrownBy(() -> ConditionalVae.builder().numClasses(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("numClasses must be >= 2, got 1");
  }

  @Test
  void conditionalVaeBuildRequiresNumClasses() {
    assertThatThrownBy(() -> ConditionalVae.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("numClasses must be set");
  }

  @Test
  void convEncoderWithFlatInputIsRejectedAtBuild() {
    assertThatThrownBy(() -> Vae.builder().convEncoder().inputShape(784).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("inputShape must be [C, H, W] for a conv encoder, got [784]");
  }

  @Test
  void configRejectsBetaOnAnAutoencoder() {
    ModelConfig good = Autoencoder.builder().mlpEncoder(4).inputShape(6).latentDim(2).config(
        ModelConfig.Kind.AUTOENCODER, 0, 0);
    assertThatThrownBy(() -> new ModelConfig(good.kind(), good.encoder(), good.hidden(), good.channels(),
        good.denseUnits(), good.inputShape(), good.latentDim(), good.loss(), 2.0, good.seed(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("beta must be 0 for an autoencoder, got 2.0");
  }

  @Test
  void defaultsAreDocumentedValues() {
    ModelConfig c = Vae.builder().config(ModelConfig.Kind.VAE, 1.0, 0);
    assertThat(c.inputShape()).containsExactly(1, 28, 28);
    assertThat(c.hidden()).containsExactly(512, 256);
    assertThat(c.latentDim()).isEqualTo(2);
    assertThat(c.loss()).isEqualTo(ModelConfig.LossKind.BCE);
    ModelConfig conv = Vae.builder().convEncoder().config(ModelConfig.Kind.VAE, 1.0, 0);
    assertThat(conv.channels()).containsExactly(32, 64);
    assertThat(conv.denseUnits()).isEqualTo(16);
  }

  @Test
  void configRoundTripsThroughJson() {
    ModelConfig c = ConditionalVae.builder().convEncoder(4, 8).denseUnits(7).inputShape(3, 9, 11)
        .latentDim(5).mseLoss().beta(0.25).seed(99).numClasses(6)
        .config(ModelConfig.Kind.CONDITIONAL_VAE, 0.25, 6);
    ModelConfig back = ModelConfig.fromJson(c.toJson());
    assertThat(back).isEqualTo(c);
    assertThat(back.channels()).containsExactly(4, 8);
    assertThat(back.inputShape()).containsExactly(3, 9, 11);
  }

  @Test
  void configJsonWithAnUnknownFieldIsRejected() {
    String json = Vae.builder().config(ModelConfig.Kind.VAE, 1.0, 0).toJson()
        .replace("\"seed\"", "\"sede\"");
    assertThatThrownBy(() -> ModelConfig.fromJson(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sede");
  }

  @Test
  void configIsImmutable() {
    ModelConfig c = Vae.builder().mlpEncoder(8, 4).config(ModelConfig.Kind.VAE, 1.0, 0);
    c.hidden()[0] = 99;
    c.inputShape()[0] = 99;
    assertThat(c.hidden()).containsExactly(8, 4);
    assertThat(c.inputShape()).containsExactly(1, 28, 28);
  }
}
