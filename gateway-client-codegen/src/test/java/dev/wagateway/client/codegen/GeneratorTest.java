package dev.wagateway.client.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.Moshi;
import java.io.File;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.lang.reflect.RecordComponent;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator's output for a small document compiles without warnings and has the expected
 * members.
 */
class GeneratorTest {
  static final String DOC =
      """
            {
              "openapi": "3.0.3",
              "info": {"title": "tiny", "version": "9.9.9"},
              "paths": {
                "/things": {
                  "post": {
                    "operationId": "createThing",
                    "parameters": [{"name": "Idempotency-Key", "in": "header", "schema": {"type": "string"}}],
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewThing"}}}},
                    "responses": {"201": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                                  "400": {"description": "bad", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}}
                  },
                  "get": {
                    "operationId": "listThings",
                    "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}},
                                   {"name": "kinds", "in": "query", "style": "form", "explode": false,
                                    "schema": {"type": "array", "items": {"$ref": "#/components/schemas/ThingKind"}}}],
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ThingList"}}}}}
                  }
                },
                "/things/{thingId}:poke": {
                  "parameters": [{"name": "thingId", "in": "path", "required": true, "schema": {"type": "string"}}],
                  "post": {"operationId": "pokeThing", "x-idempotent": true, "responses": {"204": {"description": "done"}}}
                },
                "/things/{thingId}/picture": {
                  "get": {
                    "operationId": "getThingPicture",
                    "parameters": [{"name": "thingId", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "responses": {"200": {"description": "png", "content": {"image/png": {"schema": {"type": "string", "format": "binary"}}}}}
                  }
                },
                "/things/{thingId}/upload": {
                  "post": {
                    "operationId": "uploadThing",
                    "parameters": [{"name": "thingId", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "requestBody": {"required": true, "content": {"multipart/form-data": {"schema": {"$ref": "#/components/schemas/ThingUpload"}}}},
                    "responses": {"202": {"description": "ok"}}
                  }
                },
                "/feed": {
                  "get": {
                    "operationId": "streamFeed",
                    "parameters": [{"name": "Last-Event-ID", "in": "header", "schema": {"type": "string"}}],
                    "responses": {"200": {"description": "sse", "content": {"text/event-stream": {"schema": {"type": "string"}}}}}
                  }
                }
              },
              "components": {
                "schemas": {
                  "ThingKind": {"type": "string", "enum": ["big_one", "small.one"], "description": "Kinds */ of things."},
                  "NewThing": {"type": "object", "required": ["name"], "properties": {
                    "name": {"type": "string"}, "kind": {"$ref": "#/components/schemas/ThingKind"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "shape": {"type": "string", "enum": ["round", "square"]}}},
                  "Thing": {"type": "object", "required": ["id", "createdAt"], "properties": {
                    "id": {"type": "string"}, "size": {"type": "integer", "format": "int64"}, "ratio": {"type": "number"},
                    "createdAt": {"type": "string", "format": "date-time"}, "extra": {"type": "object", "additionalProperties": true},
                    "default": {"type": "boolean"}}},
                  "ThingList": {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}}},
                  "Problem": {"type": "object", "properties": {"code": {"type": "string"}}},
                  "ThingUpload": {"type": "object", "required": ["file"], "properties": {"file": {"type": "string", "format": "binary"}, "note": {"type": "string"}}},
                  "Ping": {"type": "object", "required": ["type", "at"], "properties": {"type": {"type": "string", "enum": ["ping"]}, "at": {"type": "string", "format": "date-time"}}},
                  "Pong": {"type": "object", "required": ["type", "at", "count"], "properties": {"type": {"type": "string", "enum": ["pong"]}, "at": {"type": "string", "format": "date-time"}, "count": {"type": "integer"}}},
                  "Signal": {"oneOf": [{"$ref": "#/components/schemas/Ping"}, {"$ref": "#/components/schemas/Pong"}],
                             "discriminator": {"propertyName": "type", "mapping": {"ping": "#/components/schemas/Ping", "pong": "#/components/schemas/Pong"}}}
                }
              }
            }
            """;

  private static URLClassLoader loader;

  @BeforeAll
  static void generateAndCompile(@TempDir Path dir) throws Exception {
    Path src = dir.resolve("src");
    Path classes = dir.resolve("classes");
    Generator.write(Generator.generate(DOC, "com.example.tiny", "TinyApi"), src);
    List<File> files;
    try (Stream<Path> walk = Files.walk(src)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).map(Path::toFile).toList();
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Files.createDirectories(classes);
    try (StandardJavaFileManager fm =
        compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
      List<String> options =
          List.of(
              "-d",
              classes.toString(),
              "-classpath",
              System.getProperty("java.class.path"),
              "--release",
              "17",
              "-Xlint:all",
              "-Werror");
      boolean ok =
          compiler
              .getTask(null, fm, diagnostics, options, null, fm.getJavaFileObjectsFromFiles(files))
              .call();
      StringBuilder report = new StringBuilder();
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        report.append(d).append('\n');
      }
      assertTrue(ok, report.toString());
      assertEquals("", report.toString());
    }
    loader =
        new URLClassLoader(
            new URL[] {classes.toUri().toURL()}, GeneratorTest.class.getClassLoader());
  }

  private static Class<?> load(String name) throws ClassNotFoundException {
    return Class.forName("com.example.tiny." + name, true, loader);
  }

  @Test
  void writesTheExpectedFiles() {
    assertEquals(
        List.of(
            "com/example/tiny/model/ThingKind.java", "com/example/tiny/model/NewThing.java",
            "com/example/tiny/model/Thing.java", "com/example/tiny/model/ThingList.java",
            "com/example/tiny/model/Problem.java", "com/example/tiny/model/ThingUpload.java",
            "com/example/tiny/model/Ping.java", "com/example/tiny/model/Pong.java",
            "com/example/tiny/model/Signal.java", "com/example/tiny/model/FileUpload.java",
            "com/example/tiny/model/ModelAdapters.java", "com/example/tiny/TinyApi.java",
            "com/example/tiny/ApiRequest.java", "com/example/tiny/ApiTransport.java"),
        new ArrayList<>(Generator.generate(DOC, "com.example.tiny", "TinyApi").keySet()));
  }

  @Test
  void recordsHaveTypedComponentsInDocumentOrder() throws Exception {
    Class<?> thing = load("model.Thing");
    assertTrue(thing.isRecord());
    List<String> components =
        Arrays.stream(thing.getRecordComponents())
            .map(c -> c.getGenericType().getTypeName() + " " + c.getName())
            .toList();
    assertEquals(
        List.of(
            "java.lang.String id",
            "java.lang.Long size",
            "java.lang.Double ratio",
            "java.time.Instant createdAt",
            "java.util.Map<java.lang.String, java.lang.Object> extra",
            "java.lang.Boolean default_"),
        components);
    Class<?> newThing = load("model.NewThing");
    RecordComponent shape = newThing.getRecordComponents()[3];
    assertEquals("com.example.tiny.model.NewThing$Shape", shape.getType().getName());
    assertTrue(shape.getType().isEnum());
  }

  @Test
  void enumsCarryWireNames() throws Exception {
    Class<?> kind = load("model.ThingKind");
    Object[] constants = kind.getEnumConstants();
    assertEquals(
        "[BIG_ONE, SMALL_ONE]",
        Arrays.toString(Arrays.stream(constants).map(c -> ((Enum<?>) c).name()).toArray()));
    assertEquals("small.one", kind.getMethod("wireName").invoke(constants[1]));
    assertEquals(
        constants[0], kind.getMethod("fromWireName", String.class).invoke(null, "big_one"));
  }

  @Test
  void unionIsASealedInterfaceWithCommonAccessors() throws Exception {
    Class<?> signal = load("model.Signal");
    assertTrue(signal.isInterface());
    assertTrue(signal.isSealed());
    assertEquals(
        List.of("Ping", "Pong"),
        Arrays.stream(signal.getPermittedSubclasses()).map(Class::getSimpleName).toList());
    assertEquals(
        List.of("at", "type"),
        Arrays.stream(signal.getDeclaredMethods()).map(Method::getName).sorted().toList());
  }

  @Test
  void adaptersRoundTripJsonIncludingUnionsAndRequiredChecks() throws Exception {
    JsonAdapter.Factory factory =
        (JsonAdapter.Factory) load("model.ModelAdapters").getMethod("factory").invoke(null);
    Moshi moshi = new Moshi.Builder().add(factory).build();
    JsonAdapter<Object> signal = moshi.adapter((java.lang.reflect.Type) load("model.Signal"));
    Object pong =
        signal.fromJson(
            "{\"count\":3,\"at\":\"2026-01-01T00:00:00Z\",\"type\":\"pong\",\"x\":{\"y\":[1]}}");
    assertEquals("Pong", pong.getClass().getSimpleName());
    assertEquals(
        "{\"type\":\"pong\",\"at\":\"2026-01-01T00:00:00Z\",\"count\":3}", signal.toJson(pong));
    assertTrue(
        assertThrows(JsonDataException.class, () -> signal.fromJson("{\"type\":\"pang\"}"))
            .getMessage()
            .contains("unknown Signal type 'pang'"));
    assertTrue(
        assertThrows(
                JsonDataException.class,
                () -> signal.fromJson("{\"type\":\"pong\",\"at\":\"2026-01-01T00:00:00Z\"}"))
            .getMessage()
            .contains("required property 'count' of Pong missing"));

    JsonAdapter<Object> newThing = moshi.adapter((java.lang.reflect.Type) load("model.NewThing"));
    Object built =
        newThing.fromJson(
            "{\"name\":\"n\",\"kind\":\"small.one\",\"tags\":[\"a\"],\"shape\":\"round\"}");
    assertEquals(
        "{\"name\":\"n\",\"kind\":\"small.one\",\"tags\":[\"a\"],\"shape\":\"round\"}",
        newThing.toJson(built));
    assertThrows(
        JsonDataException.class, () -> newThing.fromJson("{\"name\":\"n\",\"kind\":\"medium\"}"));
  }

  @Test
  void buildersFillConstantsAndCheckRequiredProperties() throws Exception {
    Class<?> ping = load("model.Ping");
    Object builder = ping.getMethod("builder").invoke(null);
    builder
        .getClass()
        .getMethod("at", java.time.Instant.class)
        .invoke(builder, java.time.Instant.EPOCH);
    Object built = builder.getClass().getMethod("build").invoke(builder);
    assertEquals("ping", ping.getMethod("type").invoke(built));
    Object empty = ping.getMethod("builder").invoke(null);
    Throwable failure =
        assertThrows(
                java.lang.reflect.InvocationTargetException.class,
                () -> empty.getClass().getMethod("build").invoke(empty))
            .getCause();
    assertEquals("at is required", failure.getMessage());
  }

  @Test
  void apiHasOneMethodPerOperationWithOverloadsForOptionalParameters() throws Exception {
    Class<?> api = load("TinyApi");
    List<String> publicMethods =
        Arrays.stream(api.getDeclaredMethods())
            .filter(m -> Modifier.isPublic(m.getModifiers()))
            .map(
                m ->
                    m.getGenericReturnType().getTypeName().replace("com.example.tiny.model.", "")
                        + " "
                        + m.getName()
                        + Arrays.stream(m.getGenericParameterTypes())
                            .map(t -> t.getTypeName().replace("com.example.tiny.model.", ""))
                            .toList())
            .sorted()
            .toList();
    assertEquals(
        List.of(
                "Thing createThing[NewThing]",
                "Thing createThing[NewThing, java.lang.String]",
                "ThingList listThings[]",
                "ThingList listThings[java.lang.Integer, java.util.List<ThingKind>]",
                "byte[] getThingPicture[java.lang.String]",
                "void pokeThing[java.lang.String]",
                "void uploadThing[java.lang.String, ThingUpload]")
            .stream()
            .sorted()
            .toList(),
        publicMethods);
    Method stream = api.getDeclaredMethod("streamFeedRequest", String.class);
    assertFalse(Modifier.isPublic(stream.getModifiers()));
    assertEquals("9.9.9", api.getField("API_VERSION").get(null));
  }

  @Test
  void apiBuildsRequestsForTheTransport() throws Exception {
    Class<?> transportType = load("ApiTransport");
    // The request/transport contract sits package-private beside the API class: no package of
    // the SDK has to depend back on the one that depends on it.
    assertFalse(Modifier.isPublic(transportType.getModifiers()));
    assertFalse(Modifier.isPublic(load("ApiRequest").getModifiers()));
    assertFalse(Modifier.isPublic(load("ApiRequest$Builder").getModifiers()));
    AtomicReference<Object> seen = new AtomicReference<>();
    InvocationHandler handler =
        (proxy, method, args) -> {
          seen.set(args[0]);
          return method.getName().equals("executeBytes") ? new byte[] {1, 2} : null;
        };
    Object transport = Proxy.newProxyInstance(loader, new Class<?>[] {transportType}, handler);
    Class<?> api = load("TinyApi");
    // Package-private: only WagatewayClient, beside it, builds the API over its transport.
    Constructor<?> constructor = api.getDeclaredConstructor(transportType);
    assertFalse(Modifier.isPublic(constructor.getModifiers()));
    constructor.setAccessible(true);
    Object instance = constructor.newInstance(transport);

    api.getMethod("pokeThing", String.class).invoke(instance, "a b/c");
    Object request = seen.get();
    assertEquals("POST", call(request, "method"));
    assertEquals("/things/a%20b%2Fc:poke", call(request, "path"));
    assertEquals(true, call(request, "idempotent"));

    Class<?> kind = load("model.ThingKind");
    api.getMethod("listThings", Integer.class, List.class)
        .invoke(instance, 5, List.of(kind.getEnumConstants()));
    request = seen.get();
    assertEquals(
        List.of(Map.entry("limit", "5"), Map.entry("kinds", "big_one,small.one")),
        call(request, "query"));
    assertEquals("application/json", call(request, "accept"));

    Object newThing =
        load("model.NewThing").getConstructors()[0].newInstance("n", null, null, null);
    api.getMethod("createThing", load("model.NewThing")).invoke(instance, newThing);
    assertEquals(false, call(seen.get(), "idempotent"));
    api.getMethod("createThing", load("model.NewThing"), String.class)
        .invoke(instance, newThing, "k");
    assertEquals(true, call(seen.get(), "idempotent"));
    assertEquals(Map.of("Idempotency-Key", "k"), call(seen.get(), "headers"));
    assertEquals(newThing, call(seen.get(), "jsonBody"));

    assertArrayEquals(
        new byte[] {1, 2},
        (byte[]) api.getMethod("getThingPicture", String.class).invoke(instance, "t"));
    assertEquals("image/png", call(seen.get(), "accept"));

    Class<?> fileUpload = load("model.FileUpload");
    Object file =
        fileUpload
            .getMethod("of", String.class, String.class, byte[].class)
            .invoke(null, "f.bin", "application/octet-stream", new byte[] {9});
    Object upload = load("model.ThingUpload").getConstructors()[0].newInstance(file, "hello");
    api.getMethod("uploadThing", String.class, load("model.ThingUpload"))
        .invoke(instance, "t", upload);
    @SuppressWarnings("unchecked")
    Map<String, Object> parts = (Map<String, Object>) call(seen.get(), "multipart");
    assertEquals(List.of("file", "note"), new ArrayList<>(parts.keySet()));
    assertEquals(file, parts.get("file"));
    assertNotNull(parts.get("note"));
  }

  /** An accessor of the package-private {@code ApiRequest}, called from outside its package. */
  private static Object call(Object request, String accessor) throws Exception {
    Method method = request.getClass().getDeclaredMethod(accessor);
    method.setAccessible(true);
    return method.invoke(request);
  }

  @Test
  void theRealDocumentGeneratesAndEveryOperationIsPresent() throws Exception {
    Path doc =
        Path.of(
            "..",
            "gateway-server",
            "src",
            "main",
            "resources",
            "dev",
            "wagateway",
            "server",
            "openapi.json");
    String json = Files.readString(doc, StandardCharsets.UTF_8);
    Map<String, String> files = Generator.generate(json, "dev.wagateway.client", "WagatewayApi");
    String api = files.get("dev/wagateway/client/WagatewayApi.java");
    List<String> ids =
        new ApiGenerator(Spec.parse(json), new ModelGenerator(Spec.parse(json), "m"), "p", "A")
            .operations().stream().map(ApiGenerator.Operation::id).toList();
    assertEquals(47, ids.size()); // 43 + the four demo-only operations
    for (String id : ids) {
      assertTrue(api.contains(" " + id + "(") || api.contains(" " + id + "Request("), id);
    }
    assertTrue(api.contains("public byte[] getSessionQrPng(String session)"));
    assertTrue(files.containsKey("dev/wagateway/client/ApiTransport.java"));
    assertTrue(
        files.keySet().stream().noneMatch(path -> path.contains("/internal/")),
        files.keySet().toString());
    assertTrue(
        files
            .get("dev/wagateway/client/model/Event.java")
            .contains("public sealed interface Event permits SessionStatusEvent"));
  }

  @Test
  void unsupportedConstructsFailWithAClearMessage() {
    String allOf =
        DOC.replace(
            "\"Problem\": {\"type\": \"object\", \"properties\": {\"code\": {\"type\": \"string\"}}}",
            "\"Problem\": {\"allOf\": [{\"$ref\": \"#/components/schemas/Thing\"}]}");
    assertTrue(
        assertThrows(CodegenException.class, () -> Generator.generate(allOf, "a.b", "Api"))
            .getMessage()
            .contains("allOf"));
    String noId = DOC.replace("\"operationId\": \"pokeThing\", ", "");
    assertTrue(
        assertThrows(CodegenException.class, () -> Generator.generate(noId, "a.b", "Api"))
            .getMessage()
            .contains("operationId"));
    String reserved = DOC.replace("\"Problem\":", "\"Map\":");
    assertTrue(
        assertThrows(CodegenException.class, () -> Generator.generate(reserved, "a.b", "Api"))
            .getMessage()
            .contains("'Map'"));
    assertTrue(
        assertThrows(CodegenException.class, () -> Generator.generate(DOC, "a.b", "ApiTransport"))
            .getMessage()
            .contains("may not be named ApiTransport"));
    assertThrows(
        CodegenException.class, () -> Generator.generate("{\"openapi\":\"2.0\"}", "a.b", "Api"));
    assertThrows(CodegenException.class, () -> Generator.generate("{not json", "a.b", "Api"));
  }
}
