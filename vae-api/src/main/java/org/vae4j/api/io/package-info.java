/** File helpers shared by the modules: every file vae4j writes goes through {@link org.vae4j.api.io.AtomicFiles}. */
package org.vae4j.api.io;
