/**
 * Datasets for vae4j: the IDX file format, the MNIST family (MNIST, Fashion-MNIST, KMNIST) read
 * from a directory or downloaded on demand into a verified cache, an in-memory {@link
 * org.vae4j.datasets.ImageDataset} implementing {@link org.vae4j.api.ImageData} with seeded
 * splits, batches and DL4J iterators, and {@link org.vae4j.datasets.SyntheticDigits}, a procedural
 * digits set that needs no files; and CSV tables: {@link org.vae4j.datasets.CsvTables} reads a
 * bounded, typed {@link org.vae4j.api.table.Table} (numeric, binary, categorical columns, missing
 * values as a mask, an optional label) as {@link org.vae4j.datasets.CsvOptions} say, and writes
 * one.
 *
 * <p>Entry points: {@link org.vae4j.datasets.Mnist#fromDirectory(java.nio.file.Path)}, {@link
 * org.vae4j.datasets.Mnist#cached()}, {@link org.vae4j.datasets.SyntheticDigits#generate(int,
 * long)} and {@link org.vae4j.datasets.Idx}. Download and cache internals live in {@code
 * org.vae4j.datasets.internal}.
 */
package org.vae4j.datasets;
