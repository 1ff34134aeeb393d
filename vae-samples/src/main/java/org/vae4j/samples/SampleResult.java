package org.vae4j.samples;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a sample program did: where it wrote, what it wrote, which data it used and the numbers it
 * printed.
 *
 * @param out the output directory
 * @param files every file written, in order
 * @param data the description of the data (see {@link DataSource.Resolved#description()})
 * @param numbers named results, for example {@code "final train loss"}, in the order printed
 */
public record SampleResult(Path out, List<Path> files, String data, Map<String, Double> numbers) {

  /** Copies the collections. */
  public SampleResult {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(data, "data");
    files = List.copyOf(files);
    numbers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(numbers));
  }
}
