package dev.autojoin.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** A test function: answers with the event it received; ".../raw" answers bare JSON, ".../boom" throws. */
public final class EchoHandler implements RequestStreamHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = JSON.readTree(input);
        String path = event.path("rawPath").asText();
        if (path.endsWith("/boom")) {
            throw new IllegalStateException("boom");
        }
        if (path.endsWith("/raw")) {
            output.write("{\"hello\":\"world\"}".getBytes());
            return;
        }
        ObjectNode response = JSON.createObjectNode().put("statusCode", 200);
        response.putObject("headers")
                .put("content-type", "application/json")
                .put("x-function", context.getFunctionName());
        response.putArray("cookies").add("session=abc; HttpOnly");
        response.put("body", event.toString());
        JSON.writeValue(output, response);
    }
}
