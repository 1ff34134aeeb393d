package org.vae4j.datasets;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where downloaded datasets are cached: {@code <root>/<dataset name>/}. The root is, in order of
 * precedence, the system property {@code vae4j.data.dir}, the environment variable {@code
 * VAE4J_DATA_DIR}, or {@code ~/.vae4j/datasets}.
 */
public final class DatasetCache {
  /** System property that overrides the cache root. */
  public static final String PROPERTY = "vae4j.data.dir";
  /** Environment variable that overrides the cache root (the property wins). */
  public static final String ENV = "VAE4J_DATA_DIR";

  private DatasetCache() {}

  /** The cache root directory (it may not exist yet). */
  public static Path root() {
    String property = System.getProperty(PROPERTY);
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    String env = System.getenv(ENV);
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".vae4j", "datasets");
  }

  /** The cache directory of one dataset, {@code root()/name}. */
  public static Path directory(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
      throw new IllegalArgumentException(
          "name must be a plain directory name, got \"" + name + "\"");
    }
    return root().resolve(name);
  }
}
