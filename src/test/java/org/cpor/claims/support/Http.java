package org.cpor.claims.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A small HTTP client for tests: any method, body and credentials, and the answer as it came. */
public final class Http {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private final String baseUrl;
  private final String authorization;

  private Http(String baseUrl, String authorization) {
    this.baseUrl = baseUrl;
    this.authorization = authorization;
  }

  public static Http to(int port) {
    return new Http("http://localhost:" + port, null);
  }

  public Http as(String user, String password) {
    String basic =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return new Http(baseUrl, "Basic " + basic);
  }

  /** Requests with an OAuth2 access token (the profile oidc). */
  public Http bearer(String accessToken) {
    return new Http(baseUrl, "Bearer " + accessToken);
  }

  /** The answer: status, headers and body. */
  public record Answer(int status, HttpResponse<byte[]> raw) {
    public String body() {
      return new String(raw.body(), StandardCharsets.UTF_8);
    }

    public JsonNode json() {
      try {
        return JSON.readTree(raw.body());
      } catch (IOException e) {
        throw new UncheckedIOException("Not JSON: " + body(), e);
      }
    }

    /** The fields a problem detail names in its {@code errors}, in order. */
    public List<String> problemFields() {
      List<String> fields = new ArrayList<>();
      json().path("errors").forEach(error -> fields.add(error.get("field").asText()));
      return fields;
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  public Answer get(String path) {
    return send(request(path).GET());
  }

  public Answer delete(String path) {
    return send(request(path).DELETE());
  }

  public Answer postJson(String path, Object body) {
    return send(
        "POST",
        path,
        "application/json",
        body instanceof String text ? text : write(body),
        Map.of());
  }

  public Answer putJson(String path, Object body) {
    return send(
        "PUT",
        path,
        "application/json",
        body instanceof String text ? text : write(body),
        Map.of());
  }

  public Answer send(
      String method, String path, String contentType, String body, Map<String, String> headers) {
    HttpRequest.Builder builder =
        request(path).method(method, HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      builder.header("Content-Type", contentType);
    }
    headers.forEach(builder::header);
    return send(builder);
  }

  /** A multipart/form-data POST: JSON parts as strings, file parts as bytes with a file name. */
  public Answer postMultipart(String path, Map<String, Object> parts, Map<String, String> headers) {
    return multipart("POST", path, parts, headers);
  }

  /** A multipart/form-data request of any method (e.g. a PATCH with a document). */
  public Answer multipart(
      String method, String path, Map<String, Object> parts, Map<String, String> headers) {
    String boundary = "----cpor" + UUID.randomUUID();
    var out = new ByteArrayOutputStream();
    try {
      for (var part : parts.entrySet()) {
        out.write(("--" + boundary + "\r\n").getBytes(StandardCharsets.UTF_8));
        if (part.getValue() instanceof FilePart file) {
          out.write(
              ("Content-Disposition: form-data; name=\""
                      + part.getKey()
                      + "\"; filename=\""
                      + file.name()
                      + "\"\r\nContent-Type: "
                      + file.contentType()
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.UTF_8));
          out.write(file.content());
        } else {
          String text = part.getValue() instanceof String s ? s : write(part.getValue());
          out.write(
              ("Content-Disposition: form-data; name=\""
                      + part.getKey()
                      + "\"\r\nContent-Type: application/json\r\n\r\n"
                      + text)
                  .getBytes(StandardCharsets.UTF_8));
        }
        out.write("\r\n".getBytes(StandardCharsets.UTF_8));
      }
      out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    HttpRequest.Builder builder =
        request(path)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .method(method, HttpRequest.BodyPublishers.ofByteArray(out.toByteArray()));
    headers.forEach(builder::header);
    return send(builder);
  }

  /** A file in a multipart request. */
  public record FilePart(String name, String contentType, byte[] content) {}

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path));
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    return builder;
  }

  private Answer send(HttpRequest.Builder builder) {
    try {
      HttpResponse<byte[]> response =
          CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(response.statusCode(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String write(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
