package dev.skein.server.http;

/**
 * The JSON body of every error response: {@code {"error": "...", "status": 400}}.
 *
 * @param error what was wrong and where
 * @param status the HTTP status code, repeated for clients that only see the body
 */
public record ErrorBody(String error, int status) {}
