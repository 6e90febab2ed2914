package dev.wagateway.server.internal.api;

import dev.wagateway.server.internal.error.ApiError;
import dev.wagateway.server.internal.error.ApiException;
import dev.wagateway.server.internal.http.Exchange;
import dev.wagateway.server.internal.session.MediaRules;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a {@code sendMediaUpload} body with Jetty's multipart parser, bounded: the request at most
 * {@link #MAX_REQUEST_BYTES}, any part at most {@link MediaRules#MAX_BYTES} (the per-type limit is
 * checked once the {@code type} field is known), parts above {@link #MEMORY_BYTES} go to files in a
 * spool directory, at most {@link #MAX_PARTS} parts. The file part is moved to a file of its own
 * that the caller hands to the session layer or discards.
 */
final class MediaUploads {
  private static final Logger log = LoggerFactory.getLogger(MediaUploads.class);

  /** Room for the form fields and part headers beside the largest file. */
  static final long MAX_REQUEST_BYTES = MediaRules.MAX_BYTES + 256 * 1024;

  /** The largest headers block of one part. */
  static final int PART_HEADERS_MAX_BYTES = 16 * 1024;

  static final long MEMORY_BYTES = 64 * 1024;
  static final int MAX_PARTS = 16;
  private static final long FIELD_MAX_CHARS = 70_000;

  private Path spool;

  /** An uploaded file and the form's other fields (strings, {@code voiceNote} a boolean). */
  static final class Upload {
    private final Map<String, Object> fields;
    private final Path file;
    private final long length;
    private final String contentType;
    private final String fileName;
    private final String sha256;
    private boolean handedOver;

    Upload(
        Map<String, Object> fields,
        Path file,
        long length,
        String contentType,
        String fileName,
        String sha256) {
      this.fields = fields;
      this.file = file;
      this.length = length;
      this.contentType = contentType;
      this.fileName = fileName;
      this.sha256 = sha256;
    }

    Map<String, Object> fields() {
      return fields;
    }

    Path file() {
      return file;
    }

    long length() {
      return length;
    }

    String contentType() {
      return contentType;
    }

    /** The file part's file name, or null. */
    String fileName() {
      return fileName;
    }

    String sha256() {
      return sha256;
    }

    /** The session layer owns the file from now on. */
    void handOver() {
      handedOver = true;
    }

    void discardUnlessHandedOver() {
      if (!handedOver) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          log.warn("could not delete an upload: {}", e.getClass().getSimpleName());
        }
      }
    }
  }

  /** Parses the request; 415 when it is not multipart/form-data, 413 over a limit. */
  // Jetty 12.1 deprecates parse(Content.Source) for removal; it is still the parser's one-shot
  // entry point in 12.1.x. The upload deadline bounds how long this waits.
  @SuppressWarnings("removal")
  Upload receive(Exchange ex) {
    String contentType = ex.header("Content-Type");
    if (contentType == null || !"multipart/form-data".equals(MediaRules.essence(contentType))) {
      throw GatewayMessagesApi.unsupported(
          "the body must be multipart/form-data with a file part",
          contentType == null ? Map.of() : Map.of("contentType", contentType));
    }
    String boundary = MultiPart.extractBoundary(contentType);
    if (boundary == null || boundary.isEmpty()) {
      throw ApiException.validation("Content-Type", "the multipart Content-Type has no boundary");
    }
    String declared = ex.header("Content-Length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.strip()) > MAX_REQUEST_BYTES) {
          throw requestTooLarge();
        }
      } catch (NumberFormatException e) {
        throw ApiException.validation("Content-Length", "Content-Length is not a number");
      }
    }
    MultiPartFormData.Parser parser = new MultiPartFormData.Parser(boundary);
    parser.setFilesDirectory(spool());
    parser.setMaxMemoryFileSize(MEMORY_BYTES);
    parser.setMaxFileSize(MediaRules.MAX_BYTES);
    parser.setMaxLength(MAX_REQUEST_BYTES);
    parser.setMaxParts(MAX_PARTS);
    parser.setPartHeadersMaxLength(PART_HEADERS_MAX_BYTES);
    MultiPartFormData.Parts parts;
    try {
      parts = parser.parse(ex.request()).get(ex.uploadTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      String why = cause == null || cause.getMessage() == null ? "" : cause.getMessage();
      if (why.startsWith("headers max length exceeded")) {
        throw new ApiException(
            ApiError.PAYLOAD_TOO_LARGE,
            "a part's headers exceed " + PART_HEADERS_MAX_BYTES + " bytes",
            Map.of("limitBytes", PART_HEADERS_MAX_BYTES, "limit", "partHeaders"));
      }
      if (why.contains("exceeded")) {
        throw requestTooLarge();
      }
      throw ApiException.validation("body", "malformed multipart/form-data body");
    } catch (TimeoutException e) {
      throw new ApiException(
          ApiError.REQUEST_TIMEOUT,
          "the upload did not arrive within " + ex.uploadTimeout().toSeconds() + " s",
          Map.of("limitSeconds", ex.uploadTimeout().toSeconds()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.validation("body", "the upload was interrupted");
    }
    try (parts) {
      return upload(parts);
    }
  }

  private Upload upload(MultiPartFormData.Parts parts) {
    Map<String, Object> fields = new LinkedHashMap<>();
    MultiPart.Part file = null;
    for (MultiPart.Part part : parts) {
      String name = part.getName();
      if (name == null || name.isEmpty()) {
        throw ApiException.validation("body", "every part needs a name");
      }
      if (fields.containsKey(name) || ("file".equals(name) && file != null)) {
        throw ApiException.validation(name, name + " is given more than once");
      }
      if ("file".equals(name)) {
        file = part;
        continue;
      }
      if (part.getLength() > FIELD_MAX_CHARS * 4) {
        throw ApiException.validation(name, name + " is too long");
      }
      String value = part.getContentAsString(StandardCharsets.UTF_8);
      if ("voiceNote".equals(name) && ("true".equals(value) || "false".equals(value))) {
        fields.put(name, Boolean.valueOf(value));
      } else {
        fields.put(name, value);
      }
    }
    if (file == null) {
      throw ApiException.validation("file", "file is required");
    }
    if (file.getLength() == 0) {
      throw ApiException.validation("file", "file is empty");
    }
    String type = file.getHeaders().get(HttpHeader.CONTENT_TYPE);
    Path target = spool().resolve("upload-" + UUID.randomUUID() + ".media");
    try {
      file.writeTo(target);
      return new Upload(
          fields,
          target,
          Files.size(target),
          type == null ? "application/octet-stream" : type,
          file.getFileName() == null || file.getFileName().isBlank() ? null : file.getFileName(),
          sha256(target));
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(target);
      } catch (IOException ignored) {
        log.warn("could not delete a failed upload");
      }
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("could not spool the upload", e);
    }
  }

  private synchronized Path spool() {
    if (spool == null || !Files.isDirectory(spool)) {
      try {
        spool = Files.createTempDirectory("wagateway-uploads");
      } catch (IOException e) {
        throw new IllegalStateException("no spool directory for uploads", e);
      }
    }
    return spool;
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static ApiException requestTooLarge() {
    return new ApiException(
        ApiError.PAYLOAD_TOO_LARGE,
        "the upload exceeds " + MediaRules.MAX_BYTES + " bytes",
        Map.of("limitBytes", MediaRules.MAX_BYTES));
  }
}
