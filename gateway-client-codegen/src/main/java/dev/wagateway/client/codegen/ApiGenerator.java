package dev.wagateway.client.codegen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the API class: one method per operation, named after its {@code operationId}, with typed
 * path, query and header parameters, a typed body and a typed result. Operations with optional
 * parameters get a second, shorter overload without them. Server-Sent Events operations get a
 * package-private {@code <operationId>Request(...)} method returning the request for the
 * hand-written stream reader.
 */
final class ApiGenerator {
  private static final List<String> METHODS =
      List.of("get", "put", "post", "delete", "patch", "head", "options");
  private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final String LOCAL = "apiRequest";

  enum ResponseKind {
    NONE,
    JSON,
    BINARY,
    EVENT_STREAM
  }

  record Param(
      String wire,
      String in,
      String name,
      TypeRef type,
      boolean required,
      boolean explode,
      String description) {}

  record Body(
      boolean multipart, TypeRef type, String formSchema, boolean required, String description) {}

  record Variant(String suffix, String contentType, Map<String, String> query) {}

  record Operation(
      String id,
      String method,
      String path,
      String summary,
      String description,
      List<Param> params,
      Body body,
      ResponseKind response,
      TypeRef responseType,
      String responseContentType,
      Boolean postIdempotent,
      Variant variant) {}

  private final Spec spec;
  private final ModelGenerator models;
  private final String pkg;
  private final String className;

  ApiGenerator(Spec spec, ModelGenerator models, String pkg, String className) {
    this.spec = spec;
    this.models = models;
    this.pkg = pkg;
    this.className = className;
  }

  List<Operation> operations() {
    List<Operation> ops = new ArrayList<>();
    Set<String> ids = new LinkedHashSet<>();
    Map<String, Object> paths = Spec.optMap(spec.root(), "paths");
    if (paths == null) {
      return ops;
    }
    for (Map.Entry<String, Object> pe : paths.entrySet()) {
      Map<String, Object> item = Spec.asMap(pe.getValue(), pe.getKey());
      for (String m : METHODS) {
        if (item.containsKey(m)) {
          Operation op =
              operation(pe.getKey(), m, item, Spec.asMap(item.get(m), m + " " + pe.getKey()));
          if (!ids.add(op.id())) {
            throw new CodegenException("duplicate operationId " + op.id());
          }
          ops.add(op);
        }
      }
    }
    return ops;
  }

  private Operation operation(
      String path, String method, Map<String, Object> item, Map<String, Object> op) {
    String where = method.toUpperCase(Locale.ROOT) + " " + path;
    String id = Spec.optString(op, "operationId", null);
    if (id == null) {
      throw new CodegenException(where + ": every operation needs an operationId");
    }
    Map<String, Map<String, Object>> merged = new LinkedHashMap<>();
    for (Object raw : Spec.optList(item, "parameters")) {
      Map<String, Object> p = spec.deref(Spec.asMap(raw, where));
      merged.put(p.get("in") + ":" + p.get("name"), p);
    }
    for (Object raw : Spec.optList(op, "parameters")) {
      Map<String, Object> p = spec.deref(Spec.asMap(raw, where));
      merged.put(p.get("in") + ":" + p.get("name"), p);
    }
    List<Param> params = new ArrayList<>();
    Set<String> javaNames = new LinkedHashSet<>(List.of(LOCAL, "body"));
    // path parameters first, in template order
    Matcher pm = Pattern.compile("\\{([^}]+)}").matcher(path);
    while (pm.find()) {
      Map<String, Object> p = merged.remove("path:" + pm.group(1));
      if (p == null) {
        throw new CodegenException(
            where + ": path parameter {" + pm.group(1) + "} is not declared");
      }
      params.add(param(where, p, javaNames));
    }
    for (Map<String, Object> p : merged.values()) {
      String in = (String) p.get("in");
      if (in.equals("path")) {
        throw new CodegenException(
            where + ": path parameter " + p.get("name") + " is not in the path");
      }
      if (in.equals("cookie")) {
        throw new CodegenException(where + ": cookie parameters are not supported");
      }
      params.add(param(where, p, javaNames));
    }

    Body body = null;
    Map<String, Object> rb = Spec.optMap(op, "requestBody");
    if (rb != null) {
      rb = spec.deref(rb);
      Map<String, Object> content = Spec.optMap(rb, "content");
      boolean required = Spec.flag(rb, "required");
      String description = Spec.optString(rb, "description", "");
      if (content != null && content.containsKey("application/json")) {
        Map<String, Object> schema =
            Spec.optMap(Spec.asMap(content.get("application/json"), where), "schema");
        body =
            new Body(false, models.resolve(schema, id, "body", null), null, required, description);
      } else if (content != null && content.containsKey("multipart/form-data")) {
        Map<String, Object> schema =
            Spec.optMap(Spec.asMap(content.get("multipart/form-data"), where), "schema");
        String ref = schema == null ? null : (String) schema.get("$ref");
        if (ref == null || !ModelGenerator.isForm(spec.schema(Spec.schemaRefName(ref)))) {
          throw new CodegenException(
              where + ": a multipart body must reference a named schema with a binary property");
        }
        String form = Spec.schemaRefName(ref);
        body = new Body(true, TypeRef.simple(form), form, required, description);
      } else {
        throw new CodegenException(
            where + ": request bodies must be application/json or multipart/form-data");
      }
    }

    Map<String, Object> responses = Spec.optMap(op, "responses");
    if (responses == null) {
      throw new CodegenException(where + ": no responses");
    }
    String success =
        new TreeSet<>(responses.keySet())
            .stream()
                .filter(c -> c.startsWith("2"))
                .findFirst()
                .orElseThrow(() -> new CodegenException(where + ": no 2xx response"));
    Map<String, Object> resp = spec.deref(Spec.asMap(responses.get(success), where));
    Map<String, Object> content = Spec.optMap(resp, "content");
    ResponseKind kind = ResponseKind.NONE;
    TypeRef responseType = null;
    String responseContentType = null;
    Variant variant = variant(where, op, content);
    if (content != null && !content.isEmpty()) {
      if (content.containsKey("application/json")) {
        kind = ResponseKind.JSON;
        responseContentType = "application/json";
        Map<String, Object> schema =
            Spec.optMap(Spec.asMap(content.get("application/json"), where), "schema");
        if (schema == null) {
          throw new CodegenException(where + ": JSON response without a schema");
        }
        responseType = models.resolve(schema, id, "response", null);
        if (content.size() > 1 && variant == null) {
          throw new CodegenException(
              where + ": a response with several content types needs x-sdk-binary-variant");
        }
      } else if (content.containsKey("text/event-stream")) {
        kind = ResponseKind.EVENT_STREAM;
        responseContentType = "text/event-stream";
      } else if (content.size() == 1) {
        kind = ResponseKind.BINARY;
        responseContentType = content.keySet().iterator().next();
      } else {
        throw new CodegenException(where + ": unsupported response content " + content.keySet());
      }
    }
    Boolean postIdempotent = op.containsKey("x-idempotent") ? Spec.flag(op, "x-idempotent") : null;
    return new Operation(
        id,
        method.toUpperCase(Locale.ROOT),
        path,
        Spec.optString(op, "summary", ""),
        Spec.optString(op, "description", ""),
        params,
        body,
        kind,
        responseType,
        responseContentType,
        postIdempotent,
        variant);
  }

  private Variant variant(String where, Map<String, Object> op, Map<String, Object> content) {
    Map<String, Object> v = Spec.optMap(op, "x-sdk-binary-variant");
    if (v == null) {
      return null;
    }
    String contentType = Spec.optString(v, "contentType", null);
    String suffix = Spec.optString(v, "methodSuffix", null);
    if (contentType == null
        || suffix == null
        || content == null
        || !content.containsKey(contentType)) {
      throw new CodegenException(
          where
              + ": x-sdk-binary-variant needs methodSuffix and a contentType the response declares");
    }
    Map<String, String> query = new LinkedHashMap<>();
    Map<String, Object> q = Spec.optMap(v, "query");
    if (q != null) {
      q.forEach((k, val) -> query.put(k, String.valueOf(val)));
    }
    return new Variant(suffix, contentType, query);
  }

  private Param param(String where, Map<String, Object> p, Set<String> javaNames) {
    String wire = Spec.optString(p, "name", null);
    String in = Spec.optString(p, "in", null);
    if (wire == null || in == null) {
      throw new CodegenException(where + ": a parameter needs name and in");
    }
    Map<String, Object> schema = Spec.optMap(p, "schema");
    if (schema == null) {
      throw new CodegenException(where + ": parameter " + wire + " needs a schema");
    }
    TypeRef type = models.resolve(schema, where, wire, null);
    String name = Names.camel(wire);
    if (!javaNames.add(name)) {
      throw new CodegenException(
          where + ": parameter " + wire + " collides with another Java name " + name);
    }
    boolean required = in.equals("path") || Spec.flag(p, "required");
    boolean explode =
        !p.containsKey("explode")
            ? "form".equals(Spec.optString(p, "style", "form"))
            : Spec.flag(p, "explode");
    return new Param(wire, in, name, type, required, explode, Spec.optString(p, "description", ""));
  }

  Map<String, String> generate() {
    List<Operation> ops = operations();
    Set<String> modelNames = new TreeSet<>();
    Set<String> knownModels = new LinkedHashSet<>(spec.schemas().keySet());
    knownModels.add("FileUpload");
    boolean usesTypes = false;
    boolean usesLinkedHashMap = false;
    boolean usesList = false;
    boolean usesMap = false;
    boolean usesInstant = false;
    for (Operation op : ops) {
      List<TypeRef> types = new ArrayList<>();
      op.params().forEach(p -> types.add(p.type()));
      if (op.body() != null) {
        types.add(op.body().type());
        usesLinkedHashMap |= op.body().multipart();
      }
      if (op.responseType() != null) {
        types.add(op.responseType());
      }
      for (TypeRef t : types) {
        Matcher m = IDENT.matcher(t.java());
        while (m.find()) {
          if (knownModels.contains(m.group())) {
            modelNames.add(m.group());
          }
        }
        usesTypes |= t.typeExpr().contains("Types.");
        usesList |= t.java().contains("List<");
        usesMap |= t.java().contains("Map<");
        usesInstant |= t.java().contains("Instant");
      }
    }
    Set<String> imports = new TreeSet<>();
    modelNames.forEach(n -> imports.add(models.modelPackage() + "." + n));
    imports.add("java.util.Objects");
    if (usesTypes) {
      imports.add("com.squareup.moshi.Types");
    }
    if (usesLinkedHashMap) {
      imports.add("java.util.LinkedHashMap");
      imports.add("java.util.Map");
    }
    if (usesList) {
      imports.add("java.util.List");
    }
    if (usesMap) {
      imports.add("java.util.Map");
    }
    if (usesInstant) {
      imports.add("java.time.Instant");
    }

    SourceWriter w = new SourceWriter();
    w.line(
        "// Generated by gateway-client-codegen from the wagateway OpenAPI document. Do not edit.");
    w.line("package " + pkg + ";");
    w.line();
    imports.forEach(i -> w.line("import " + i + ";"));
    w.line();
    w.javadoc(
        List.of(
            "The wagateway REST API: one method per OpenAPI operation, named after its {@code operationId}.",
            "Methods are synchronous. The transport throws error answers and transport failures as unchecked exceptions."));
    w.open("public final class " + className + " {");
    w.line("/** {@code info.version} of the OpenAPI document this class was generated from. */");
    w.line("public static final String API_VERSION = " + Names.literal(spec.infoVersion()) + ";");
    w.line();
    w.line("private final ApiTransport transport;");
    w.line();
    // Package-private like ApiTransport itself; callers get the API from WagatewayClient.
    w.open(className + "(ApiTransport transport) {");
    w.line("this.transport = Objects.requireNonNull(transport, \"transport\");");
    w.close("}");
    for (Operation op : ops) {
      writeOperation(w, op);
    }
    w.close("}");
    Map<String, String> files = new LinkedHashMap<>();
    files.put(pkg.replace('.', '/') + "/" + className + ".java", w.toString());
    return files;
  }

  private void writeOperation(SourceWriter w, Operation op) {
    Set<String> hidden = op.variant() == null ? Set.of() : op.variant().query().keySet();
    List<Param> visible =
        op.params().stream()
            .filter(p -> !(p.in().equals("query") && hidden.contains(p.wire())))
            .toList();
    boolean hasOptional =
        visible.stream().anyMatch(p -> !p.required())
            || (op.body() != null && !op.body().required());
    if (op.response() == ResponseKind.EVENT_STREAM) {
      writeMethod(w, op, visible, true, null, true);
      return;
    }
    if (hasOptional) {
      writeMethod(w, op, visible, false, null, false);
    }
    writeMethod(w, op, visible, true, null, false);
    if (op.variant() != null) {
      if (hasOptional) {
        writeMethod(w, op, visible, false, op.variant(), false);
      }
      writeMethod(w, op, visible, true, op.variant(), false);
    }
  }

  private void writeMethod(
      SourceWriter w,
      Operation op,
      List<Param> params,
      boolean full,
      Variant variant,
      boolean streamRequest) {
    List<Param> path = params.stream().filter(p -> p.in().equals("path")).toList();
    List<Param> rest = params.stream().filter(p -> !p.in().equals("path")).toList();
    List<String> signature = new ArrayList<>();
    List<String> doc = new ArrayList<>();
    doc.add(
        Names.doc(op.summary().isBlank() ? op.id() : op.summary())
            + " ({@code "
            + op.method()
            + " "
            + Names.doc(op.path())
            + "}).");
    doc.add(Names.doc(op.description()));
    if (variant != null) {
      doc.add(
          "Asks for the {@code "
              + Names.doc(variant.contentType())
              + "} representation and returns its bytes.");
    }
    for (Param p : path) {
      signature.add(p.type().java() + " " + p.name());
      doc.add("@param " + p.name() + " " + paramDoc(p.description(), p.wire()));
    }
    Body body = op.body();
    boolean bodyInSignature = body != null && (full || body.required());
    if (bodyInSignature) {
      signature.add(body.type().java() + " body");
      doc.add(
          "@param body "
              + (body.required() ? "the request body" : "the request body, or null to send none")
              + (body.description().isBlank() ? "" : ": " + Names.doc(body.description())));
    }
    List<Param> included = new ArrayList<>();
    for (Param p : rest) {
      if (full || p.required()) {
        included.add(p);
        signature.add(p.type().java() + " " + p.name());
        doc.add(
            "@param "
                + p.name()
                + " "
                + (p.required() ? "" : "optional (null to omit): ")
                + paramDoc(p.description(), p.wire()));
      }
    }
    String returnType;
    if (streamRequest) {
      returnType = "ApiRequest";
      doc.add("@return the request that opens the stream");
    } else if (variant != null || op.response() == ResponseKind.BINARY) {
      returnType = "byte[]";
      doc.add("@return the response body");
    } else if (op.response() == ResponseKind.JSON) {
      returnType = op.responseType().java();
      doc.add("@return the decoded response");
    } else {
      returnType = "void";
    }
    String name =
        streamRequest ? op.id() + "Request" : op.id() + (variant == null ? "" : variant.suffix());
    w.line();
    w.javadoc(doc);
    w.open(
        (streamRequest ? "" : "public ")
            + returnType
            + " "
            + Names.identifier(name)
            + "("
            + String.join(", ", signature)
            + ") {");
    if (!full) {
      List<String> args = new ArrayList<>();
      path.forEach(p -> args.add(p.name()));
      if (body != null) {
        args.add(bodyInSignature ? "body" : "null");
      }
      rest.forEach(p -> args.add(included.contains(p) ? p.name() : "null"));
      w.line(
          (returnType.equals("void") ? "" : "return ")
              + Names.identifier(name)
              + "("
              + String.join(", ", args)
              + ");");
      w.close("}");
      return;
    }
    String accept = variant != null ? variant.contentType() : op.responseContentType();
    w.line(
        "ApiRequest.Builder "
            + LOCAL
            + " = ApiRequest.builder("
            + Names.literal(op.method())
            + ", "
            + Names.literal(op.path())
            + ", "
            + Names.literal(op.id())
            + ");");
    w.line(LOCAL + ".idempotent(" + idempotence(op, params) + ");");
    if (accept != null) {
      w.line(LOCAL + ".accept(" + Names.literal(accept) + ");");
    }
    for (Param p : path) {
      w.line(LOCAL + ".pathParam(" + Names.literal(p.wire()) + ", " + p.name() + ");");
    }
    for (Param p : rest) {
      if (p.required()) {
        w.line("Objects.requireNonNull(" + p.name() + ", " + Names.literal(p.name()) + ");");
      }
      switch (p.in()) {
        case "query" ->
            w.line(
                p.type().java().startsWith("List<")
                    ? LOCAL
                        + ".queryList("
                        + Names.literal(p.wire())
                        + ", "
                        + p.name()
                        + ", "
                        + p.explode()
                        + ");"
                    : LOCAL + ".query(" + Names.literal(p.wire()) + ", " + p.name() + ");");
        case "header" ->
            w.line(LOCAL + ".header(" + Names.literal(p.wire()) + ", " + p.name() + ");");
        default ->
            throw new CodegenException(op.id() + ": unsupported parameter location " + p.in());
      }
    }
    if (variant != null) {
      variant
          .query()
          .forEach(
              (k, v) ->
                  w.line(LOCAL + ".query(" + Names.literal(k) + ", " + Names.literal(v) + ");"));
    }
    if (body != null) {
      if (body.required()) {
        w.line("Objects.requireNonNull(body, \"body\");");
      }
      if (body.multipart()) {
        writeMultipart(w, body);
      } else {
        w.line(LOCAL + ".jsonBody(body, " + body.type().typeExpr() + ");");
      }
    }
    if (streamRequest) {
      w.line("return " + LOCAL + ".build();");
    } else if (returnType.equals("byte[]")) {
      w.line("return transport.executeBytes(" + LOCAL + ".build());");
    } else if (returnType.equals("void")) {
      w.line("transport.execute(" + LOCAL + ".build(), null);");
    } else {
      w.line(
          "return transport.execute(" + LOCAL + ".build(), " + op.responseType().typeExpr() + ");");
    }
    w.close("}");
  }

  private void writeMultipart(SourceWriter w, Body body) {
    Map<String, Object> schema = spec.schema(body.formSchema());
    w.open("if (body != null) {");
    w.line("Map<String, Object> parts = new LinkedHashMap<>();");
    Map<String, Object> props = Spec.optMap(schema, "properties");
    for (String wire : props.keySet()) {
      w.line("parts.put(" + Names.literal(wire) + ", body." + Names.camel(wire) + "());");
    }
    w.line(LOCAL + ".multipart(parts);");
    w.close("}");
  }

  /**
   * GET/HEAD/PUT/DELETE/OPTIONS always; POST/PATCH when marked {@code x-idempotent} or sent with an
   * {@code Idempotency-Key}.
   */
  private static String idempotence(Operation op, List<Param> params) {
    switch (op.method()) {
      case "GET", "HEAD", "PUT", "DELETE", "OPTIONS" -> {
        return "true";
      }
      default -> {
        if (Boolean.TRUE.equals(op.postIdempotent())) {
          return "true";
        }
        for (Param p : params) {
          if (p.in().equals("header") && p.wire().equalsIgnoreCase("Idempotency-Key")) {
            return p.name() + " != null";
          }
        }
        return "false";
      }
    }
  }

  private static String paramDoc(String description, String wire) {
    return description.isBlank()
        ? "the {@code " + Names.doc(wire) + "} parameter"
        : Names.doc(description);
  }
}
