package dev.skein.server.http;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The built-in web UI's deep links: {@code /trace/{id}} and {@code /search?...} serve the same
 * single page ({@code static/index.html}), which reads the path and query itself. {@code /} is the
 * welcome page Spring Boot serves from {@code static/}; {@code /api/**}, {@code /ready} and {@code
 * /metrics} are untouched.
 */
@Controller
public class UiController {

  @GetMapping({"/search", "/trace/{id}"})
  String page() {
    return "forward:/index.html";
  }
}
