/**
 * Implementation details of {@code vae-datasets}: declared remote files and the verifying
 * downloader. Public only so that the datasets package can use them; not a supported API.
 */
package org.vae4j.datasets.internal;
