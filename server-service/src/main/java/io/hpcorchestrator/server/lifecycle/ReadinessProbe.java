package io.hpcorchestrator.server.lifecycle;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Asks a service whether it is ready: an HTTP GET on its health path that must answer 2xx, or, for a
 * service without a health path, a TCP connection to its port.
 */
@Component
class ReadinessProbe {

    private final Duration timeout;
    private final HttpClient http;

    ReadinessProbe(ReconcilerProperties properties) {
        this.timeout = properties.probeTimeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    boolean isReady(String address, int port, String healthPath) {
        if (healthPath == null) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
                return true;
            } catch (IOException e) {
                return false;
            }
        }
        String host = address.contains(":") ? "[" + address + "]" : address;
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + healthPath)).timeout(timeout).GET().build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status >= 200 && status < 300;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
