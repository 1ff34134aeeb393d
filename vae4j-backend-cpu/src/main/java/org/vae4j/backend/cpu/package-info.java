/**
 * The nd4j-native build selection that ships with vae4j's CPU backend jar; not API.
 * {@code NativeBuilds} chooses which nd4j-native build ND4J loads (the fast {@code -onednn-avx2}
 * build on CPUs that have its instruction sets, the portable {@code -onednn} build otherwise), run
 * by {@link org.vae4j.backend.cpu.NativeBuildHook} when ND4J discovers its backends. The choice is
 * published in the system properties {@code vae4j.nativeBuild.chosen} and {@code
 * vae4j.nativeBuild.reason} for vae-core's backend report. Setting {@code
 * org.bytedeco.javacpp.platform.extension} turns the choice off. {@code OpenMpWaitPolicy} sets
 * {@code OMP_WAIT_POLICY=PASSIVE} in the C environment before ND4J's OpenMP runtime starts, unless
 * the user set it or {@code -Dvae4j.openmp.passive=false}; the outcome is published in {@code
 * vae4j.openmp.waitPolicy.outcome} and {@code vae4j.openmp.waitPolicy.reason}. See
 * docs/performance.md.
 */
package org.vae4j.backend.cpu;
