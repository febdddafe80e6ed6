package io.nfslifecycle.localstack;

import java.io.IOException;
import java.io.Reader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;

/** How {@code bin/demo} talks to the running services: their endpoints, one request each, the answer shown. */
final class DemoHttp {
    private DemoHttp() {
    }

    static Properties endpoints(Path stateDir) throws IOException {
        Path file = LocalStack.endpointsFile(stateDir);
        if (!Files.exists(file)) {
            System.err.println("nothing runs: start the local stack first with bin/run (it writes " + file + ")");
            System.exit(1);
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        return p;
    }

    static String get(Properties endpoints, String service, String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(endpoints.getProperty(service) + path)).GET().build());
    }

    static String post(Properties endpoints, String service, String path) throws IOException, InterruptedException {
        String token = System.getenv().getOrDefault("NFS_LIFECYCLE_API_TOKEN", LocalStack.LOCAL_AUDIT_TOKEN);
        return send(HttpRequest.newBuilder(URI.create(endpoints.getProperty(service) + path))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** The status line and the body, JSON indented for a person. */
    private static String send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            Demo.fail("nothing answers at " + request.uri().getAuthority() + "; is bin/run still running?");
            throw e;
        }
        String body = response.body();
        try {
            body = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(body));
        } catch (IOException e) {
            // not JSON: show it as it came
        }
        return "HTTP " + response.statusCode() + "\n" + body;
    }

    static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file, e);
        }
    }

    static String delete(Properties endpoints, String service, String path) throws IOException, InterruptedException {
        String token = System.getenv().getOrDefault("NFS_LIFECYCLE_API_TOKEN", LocalStack.LOCAL_AUDIT_TOKEN);
        return send(HttpRequest.newBuilder(URI.create(endpoints.getProperty(service) + path))
                .header("Authorization", "Bearer " + token).DELETE().build());
    }

    /** The JSON body of an answer as {@link #send} shows it (after its status line). */
    static JsonNode body(String answer) throws IOException {
        return JSON.readTree(answer.substring(answer.indexOf('\n') + 1));
    }
}
