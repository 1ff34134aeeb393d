/**
 * The {@code vae4j} command line (picocli): {@link org.vae4j.samples.cli.Vae4jCommand} and its
 * subcommands quickstart, train, evaluate, sample, interpolate, manifold, features, tutorial and bench.
 */
package org.vae4j.samples.cli;
