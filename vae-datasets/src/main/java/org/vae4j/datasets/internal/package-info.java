/**
 * Implementation details of {@code vae-datasets}: declared remote files, the verifying
 * downloader and the resampler of image folders. Public only so that the datasets package can use
 * them; not a supported API.
 */
package org.vae4j.datasets.internal;
