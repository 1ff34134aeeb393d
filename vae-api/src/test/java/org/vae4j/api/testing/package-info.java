/**
 * Test helpers shared with the other vae4j modules through vae-api's test jar: the public-API rule
 * ({@link org.vae4j.api.testing.PublicApiRules}) every library module checks, and the zip
 * files with oversized entries the reliability tests refuse ({@link org.vae4j.api.testing.ZipBombs}).
 */
package org.vae4j.api.testing;
