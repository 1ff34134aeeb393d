/**
 * Tables of mixed columns and their fitted preprocessing, shared by every module.
 *
 * <p>A {@link org.vae4j.api.table.Table} is an immutable list of typed {@link
 * org.vae4j.api.table.Column}s (numeric, binary, categorical) with a missing-value mask and an
 * optional label column; {@code vae-datasets} reads one from CSV ({@code CsvTables}). A {@link
 * org.vae4j.api.table.TablePreprocessing} is fitted on a table (per-column standardisation or
 * min–max, one-hot for categoricals), turns tables into a float matrix plus a mask ({@link
 * org.vae4j.api.table.EncodedTable}), turns model outputs back into the user's columns, and has a
 * JSON form, so that a model file can carry it. These types live in {@code vae-api} so that
 * {@code vae-core} can store and apply a preprocessing without depending on {@code vae-datasets}.
 * See docs/tabular.md.
 */
package org.vae4j.api.table;
