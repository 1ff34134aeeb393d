/**
 * The training-speed benchmark: trains the seed VAEs (conv and MLP) on the MNIST test set with
 * batch 128 and Adam 1e-3 and prints seconds per epoch, images per second, peak resident memory,
 * loss per sample and {@code encodeMean} throughput, in the line format of the libtorch peer
 * benchmark so that the two can be compared side by side (see {@code bench/run-bench.sh} and
 * {@code docs/performance.md}). {@code LoadBenchmark} trains both models idle and then beside
 * competing CPU-bound processes it starts and stops itself, and prints the slowdowns; {@code
 * KernelBenchmark} times the heaviest kernels alone on one thread (GFLOP/s on thread CPU time).
 */
package org.vae4j.samples.bench;
