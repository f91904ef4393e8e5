package io.hpcorchestrator.monitoring.status;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * What a browser gets at {@code /} without a token: no data, a field for the token, and a script that keeps the
 * token in the tab's {@code sessionStorage}, fetches the status page with it as a bearer token and shows that
 * page's body, again after as many seconds as the page's own refresh says. A link may carry the token in its
 * fragment ({@code /#token=...}), which browsers never send to a server; the script removes it from the address at
 * once. The Content-Security-Policy allows this one script (by its hash) and nothing from elsewhere.
 */
final class StatusShell {

    private static final String SCRIPT = """
            (function () {
              var KEY = 'hpc-status-token', app = document.getElementById('app'), login = app.innerHTML, timer = null;
              var fragment = /^#token=(.+)$/.exec(location.hash);
              if (fragment) {
                sessionStorage.setItem(KEY, decodeURIComponent(fragment[1]));
                history.replaceState(null, '', location.pathname + location.search);
              }
              function ask(message) {
                clearTimeout(timer);
                app.innerHTML = login;
                document.getElementById('forget').hidden = true;
                if (message) { document.getElementById('message').textContent = message; }
                document.getElementById('login').addEventListener('submit', function (event) {
                  event.preventDefault();
                  sessionStorage.setItem(KEY, document.getElementById('token').value.trim());
                  load();
                });
              }
              function load() {
                var token = sessionStorage.getItem(KEY);
                if (!token) { ask(''); return; }
                fetch(location.pathname, {headers: {'Authorization': 'Bearer ' + token, 'Accept': 'text/html'}, cache: 'no-store'})
                  .then(function (response) {
                    if (response.status === 401 || response.status === 403) {
                      sessionStorage.removeItem(KEY);
                      ask('The token was refused (HTTP ' + response.status + ').');
                      return;
                    }
                    if (!response.ok) { throw new Error('HTTP ' + response.status); }
                    return response.text().then(function (html) {
                      var page = new DOMParser().parseFromString(html, 'text/html');
                      var refresh = page.querySelector('meta[http-equiv="refresh"]');
                      app.innerHTML = page.body.innerHTML;
                      document.getElementById('forget').hidden = false;
                      timer = setTimeout(load, 1000 * Math.max(1, parseInt(refresh ? refresh.content : '5', 10) || 5));
                    });
                  })
                  .catch(function (error) {
                    document.title = 'hpc-orchestrator status (' + error.message + ')';
                    timer = setTimeout(load, 5000);
                  });
              }
              document.getElementById('forget-link').addEventListener('click', function (event) {
                event.preventDefault();
                sessionStorage.removeItem(KEY);
                ask('The token is forgotten.');
              });
              load();
            })();
            """;

    private static final String HTML = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>hpc-orchestrator status</title><style>%s
            form{margin:16px 0}input{font:inherit;padding:4px 8px;width:24em;max-width:100%%}button{font:inherit;padding:4px 12px}
            #forget{font-size:12px;padding:0 24px}</style></head><body>
            <div id="app"><header><h1>hpc-orchestrator status</h1><p>The status page needs the same bearer token as the API.</p></header>
            <main><form id="login"><label for="token">Token</label> <input id="token" type="password" autocomplete="off" required>
            <button type="submit">Show status</button></form>
            <p class="summary" id="message"></p>
            <p class="summary">The token stays in this tab (<code>sessionStorage</code>) and goes only to this service, as
            <code>Authorization: Bearer</code>. Closing the tab forgets it.</p></main></div>
            <p id="forget" hidden><a href="#" id="forget-link">Forget the token</a></p>
            <script>%s</script></body></html>
            """.formatted(StatusPage.STYLE, SCRIPT);

    /** Only the script above, by its hash; styles inline; fetches to this service only; no frames, forms posted nowhere. */
    static final String POLICY = "default-src 'none'; script-src '" + sha256(SCRIPT) + "'; style-src 'unsafe-inline'; connect-src 'self'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private StatusShell() {
    }

    static String html() {
        return HTML;
    }

    private static String sha256(String script) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
