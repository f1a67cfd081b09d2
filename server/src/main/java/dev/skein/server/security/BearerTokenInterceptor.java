package dev.skein.server.security;

import dev.skein.server.query.RequestTenants;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Checks the bearer token of a query API request against the tenants of its {@code X-Scope-OrgID}
 * before the controller runs; a failure becomes a 401 or 403 {@code ErrorBody} through the
 * exception handler. {@code POST /flush} (all tenants) needs a token valid for any tenant.
 */
final class BearerTokenInterceptor implements HandlerInterceptor {

  /** The tenant-scoped paths the interceptor guards. */
  static final List<String> QUERY_PATHS =
      List.of("/api/traces/**", "/api/v2/traces/**", "/api/search/**", "/api/v2/search/**");

  static final String FLUSH_PATH = "/flush";

  private final TenantTokens tokens;
  private final RequestTenants tenants;

  BearerTokenInterceptor(TenantTokens tokens, RequestTenants tenants) {
    this.tokens = tokens;
    this.tenants = tenants;
  }

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    List<String> requested =
        request.getRequestURI().equals(FLUSH_PATH)
            ? List.of()
            : tenants.resolve(request.getHeader("X-Scope-OrgID"));
    tokens.check(request.getHeader(HttpHeaders.AUTHORIZATION), requested);
    return true;
  }
}
