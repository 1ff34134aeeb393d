package org.vae4j.datasets.internal;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback-only HTTP server for download tests: each path answers with a queue of responses
 * (status and body); the last response repeats. Bound to 127.0.0.1 on an ephemeral port.
 */
final class LocalServer implements AutoCloseable {
  record Response(int status, byte[] body) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final Map<String, Deque<Response>> responses = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final Map<String, Long> announced = new ConcurrentHashMap<>();
  private final Map<String, java.util.concurrent.atomic.AtomicLong> sent =
      new ConcurrentHashMap<>();
  /** An endless body stops after this many bytes per request (so a test of old code ends). */
  static final long ENDLESS_CAP = 512L << 20;

  LocalServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      if (announced.containsKey(path)) {
        endless(exchange, path, announced.get(path));
        return;
      }
      Deque<Response> queue = responses.get(path);
      Response r;
      synchronized (this) {
        r = queue == null ? new Response(404, new byte[0])
            : queue.size() > 1 ? queue.poll() : queue.peek();
      }
      exchange.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(r.body());
      }
    });
    server.setExecutor(executor);
    server.start();
  }

  /**
   * Serves an endless body of zeros at {@code path} (up to {@link #ENDLESS_CAP} per request, until
   * the client hangs up), announcing {@code contentLength} bytes, or none (chunked) when it is 0.
   */
  LocalServer serveEndless(String path, long contentLength) {
    announced.put(path, contentLength);
    return this;
  }

  /** Bytes written at {@code path} before each client hung up, all requests together. */
  long bytesSent(String path) {
    java.util.concurrent.atomic.AtomicLong n = sent.get(path);
    return n == null ? 0 : n.get();
  }

  private void endless(com.sun.net.httpserver.HttpExchange exchange, String path, long length)
      throws IOException {
    java.util.concurrent.atomic.AtomicLong count =
        sent.computeIfAbsent(path, p -> new java.util.concurrent.atomic.AtomicLong());
    exchange.sendResponseHeaders(200, length);
    byte[] chunk = new byte[1 << 16];
    try (OutputStream out = exchange.getResponseBody()) {
      for (long n = 0; n < ENDLESS_CAP; n += chunk.length) {
        out.write(chunk);
        count.addAndGet(chunk.length);
      }
    } catch (IOException hungUp) {
      // the client stopped reading: what a bounded download does
    }
  }

  /** Serves {@code responses} in order at {@code path}; the last one repeats. */
  LocalServer serve(String path, Response... sequence) {
    responses.put(path, new ArrayDeque<>(java.util.List.of(sequence)));
    return this;
  }

  LocalServer serve(String path, byte[] body) {
    return serve(path, new Response(200, body));
  }

  int hits(String path) {
    AtomicInteger n = hits.get(path);
    return n == null ? 0 : n.get();
  }

  /** The base URL of a directory on this server, ending with a slash. */
  URI base(String dir) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + dir);
  }

  /** A loopback URL on which nothing listens (the port was free a moment ago). */
  static URI deadBase() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + s.getLocalPort() + "/gone/");
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
