package dev.skein.querier.search;

import dev.skein.common.InvalidRequestException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses the logfmt {@code tags} parameter of Tempo's legacy search: space-separated {@code
 * key=value} pairs whose values may be double-quoted with backslash escapes, e.g. {@code
 * service.name=cart http.url="/a b"}. Stateless.
 */
public final class Logfmt {

  /** The most pairs accepted in one parameter. */
  public static final int MAX_PAIRS = 64;

  private Logfmt() {}

  /**
   * Parses {@code text} into keys and values, in order.
   *
   * @throws InvalidRequestException saying what is wrong and at which position
   */
  public static Map<String, String> parse(String text) {
    Map<String, String> pairs = new LinkedHashMap<>();
    int i = 0;
    int n = text.length();
    while (true) {
      while (i < n && text.charAt(i) == ' ') {
        i++;
      }
      if (i >= n) {
        return pairs;
      }
      int keyStart = i;
      while (i < n && text.charAt(i) != '=' && text.charAt(i) != ' ' && text.charAt(i) != '"') {
        i++;
      }
      String key = text.substring(keyStart, i);
      if (key.isEmpty()) {
        throw error(text, "expected a key at position " + keyStart);
      }
      if (i >= n || text.charAt(i) != '=') {
        throw error(text, "expected '=' after key '" + key + "' at position " + i);
      }
      i++;
      StringBuilder value = new StringBuilder();
      if (i < n && text.charAt(i) == '"') {
        int quote = i++;
        boolean closed = false;
        while (i < n) {
          char c = text.charAt(i++);
          if (c == '\\' && i < n) {
            value.append(text.charAt(i++));
          } else if (c == '"') {
            closed = true;
            break;
          } else {
            value.append(c);
          }
        }
        if (!closed) {
          throw error(text, "unterminated quote starting at position " + quote);
        }
        if (i < n && text.charAt(i) != ' ') {
          throw error(text, "expected a space after the closing quote at position " + i);
        }
      } else {
        while (i < n && text.charAt(i) != ' ') {
          char c = text.charAt(i++);
          if (c == '"' || c == '=') {
            throw error(
                text,
                "unexpected '"
                    + c
                    + "' in the value of '"
                    + key
                    + "' at position "
                    + (i - 1)
                    + "; quote values that contain it");
          }
          value.append(c);
        }
      }
      pairs.put(key, value.toString());
      if (pairs.size() > MAX_PAIRS) {
        throw error(text, "more than " + MAX_PAIRS + " tags");
      }
    }
  }

  private static InvalidRequestException error(String text, String problem) {
    String shown = text.length() > 200 ? text.substring(0, 200) + "..." : text;
    return new InvalidRequestException("invalid tags '" + shown + "': " + problem);
  }
}
