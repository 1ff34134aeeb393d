/**
 * Backend plumbing, not API: {@link org.vae4j.api.backend.NativeBuilds} chooses which nd4j-native
 * build ND4J loads (the fast {@code -onednn-avx2} build on CPUs that have its instruction sets, the
 * portable {@code -onednn} build otherwise), run by {@link org.vae4j.api.backend.NativeBuildHook}
 * when ND4J discovers its backends. Setting {@code org.bytedeco.javacpp.platform.extension} turns
 * the choice off. See docs/performance.md.
 */
package org.vae4j.api.backend;
