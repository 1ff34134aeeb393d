package org.vae4j.spark;

import org.junit.jupiter.api.Test;
import org.vae4j.api.testing.PublicApiRules;

/** vae-spark's public signatures name no type of an internal package (docs/architecture.md). */
class PublicApiTest {

  @Test
  void noPublicSignatureExposesAnInternalType() {
    PublicApiRules.check(VaeEstimator.class);
  }
}
