package org.vae4j.datasets;

import org.junit.jupiter.api.Test;
import org.vae4j.api.testing.PublicApiRules;

/** vae-datasets's public signatures name no type of an internal package (docs/architecture.md). */
class PublicApiTest {

  @Test
  void noPublicSignatureExposesAnInternalType() {
    PublicApiRules.check(ImageDataset.class);
    PublicApiRules.check(AttributeVectors.class);
  }
}
