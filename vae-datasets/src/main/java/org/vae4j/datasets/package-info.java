/**
 * Datasets for vae4j: the IDX file format, the MNIST family (MNIST, Fashion-MNIST, KMNIST) read
 * from a directory or downloaded on demand into a verified cache, an in-memory {@link
 * org.vae4j.datasets.ImageDataset} implementing {@link org.vae4j.api.ImageData} with seeded
 * splits, batches and DL4J iterators, {@link org.vae4j.datasets.SyntheticDigits}, a procedural
 * digits set that needs no files, {@link org.vae4j.datasets.ImageFolder}, a directory tree of
 * PNG, JPEG, BMP or GIF files (labels from sub-folders) read at one size, loaded into memory or
 * decoded lazily by an {@link org.vae4j.datasets.ImageFolderIterator}; and CSV tables: {@link
 * org.vae4j.datasets.CsvTables} reads a bounded, typed {@link org.vae4j.api.table.Table}
 * (numeric, binary, categorical columns, missing values as a mask, an optional label) as {@link
 * org.vae4j.datasets.CsvOptions} say, and writes one.
 *
 * <p>Entry points: {@link org.vae4j.datasets.Mnist#fromDirectory(java.nio.file.Path)}, {@link
 * org.vae4j.datasets.Mnist#cached()}, {@link org.vae4j.datasets.SyntheticDigits#generate(int,
 * long)}, {@link org.vae4j.datasets.ImageFolder#builder(java.nio.file.Path)} and {@link
 * org.vae4j.datasets.Idx}. Download and cache internals and the image resampler live in {@code
 * org.vae4j.datasets.internal}.
 */
package org.vae4j.datasets;
