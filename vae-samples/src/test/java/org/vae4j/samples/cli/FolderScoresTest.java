package org.vae4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.Vae;
import org.vae4j.core.eval.AnomalyScorer;
import org.vae4j.core.eval.AnomalyScorer.ScoreType;
import org.vae4j.datasets.ImageFolder;

/**
 * The image anomaly command's chunked scoring of a folder against scoring the folder loaded into
 * memory (what the command did before it streamed): the same scores, bit for bit, for every score
 * type; and the validation part of the folder's split scores as the loaded split's.
 */
class FolderScoresTest {

  @TempDir Path dir;

  @Test
  void chunkedScoresOfAFolderEqualThoseOfTheLoadedFolder() throws IOException {
    SplittableRandom r = new SplittableRandom(4);
    for (int i = 0; i < 37; i++) {
      ImageAnomalyCommandTest.write(i % 5 == 0 ? ImageAnomalyCommandTest.crack(r)
          : ImageAnomalyCommandTest.normal(r), dir.resolve(String.format("x%02d.png", i)));
    }
    int side = ImageAnomalyCommandTest.SIDE;
    ImageFolder folder = ImageFolders.scan("--score-images", dir, 3, side, side);
    try (Vae vae = Vae.builder().inputShape(3, side, side).mlpEncoder(16).bceLoss().latentDim(3)
        .seed(2).build()) {
      INDArray all = folder.load().images();
      for (ScoreType t : ScoreType.values()) {
        // maxBatchRows 8 (a multiple of both sample counts): 37 images in 5 chunks
        AnomalyScorer scorer = AnomalyScorer.builder().scoreType(t).importanceSamples(4)
            .reconstructionSamples(2).maxBatchRows(8).seed(9).build();
        double[] ref = scorer.score(vae, all);
        assertThat(FolderScores.score(scorer, vae, folder, FolderScores.chunk(scorer)))
            .as("%s in chunks of 8", t).containsExactly(ref);
        assertThat(FolderScores.score(scorer, vae, folder, 16)).as("%s in chunks of 16", t)
            .containsExactly(ref);
        // the validation share, scored from the folder's split, as the loaded images' split
        double[] v = FolderScores.score(scorer, vae, folder.split(0.8, 3).second(), 8);
        assertThat(v).containsExactly(
            scorer.score(vae, folder.load().split(0.8, 3).second().images()));
      }
      // the command's default scorer chunks by its 1,024-row batch
      assertThat(FolderScores.chunk(AnomalyScorer.builder().build())).isEqualTo(1024);
    }
  }
}
