package org.vae4j.api;

import org.junit.jupiter.api.Test;
import org.vae4j.api.testing.PublicApiRules;

/** vae-api's public signatures name no type of an internal package. */
class PublicApiTest {

  @Test
  void noPublicSignatureExposesAnInternalType() {
    PublicApiRules.check(LatentModel.class);
  }
}
