package dev.wagateway.client.codegen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes one Java type per named schema: a {@code record} with a builder per object schema, an
 * {@code enum} with wire names per string enum, a {@code sealed interface} per {@code oneOf} with a
 * discriminator, and {@code ModelAdapters}, a moshi {@code JsonAdapter.Factory} with one explicit
 * adapter per type (no reflection).
 */
final class ModelGenerator {
  enum Kind {
    RECORD,
    ENUM,
    UNION,
    FREE_FORM
  }

  record Prop(String wire, String name, TypeRef type, boolean required, String description) {}

  record EnumModel(
      String javaName,
      String simpleName,
      List<String> values,
      List<String> descriptions,
      String description) {}

  record RecordModel(
      String name,
      String description,
      List<Prop> props,
      List<EnumModel> nested,
      Set<String> unions,
      boolean form) {}

  record UnionModel(
      String name,
      String description,
      String discriminator,
      Map<String, String> mapping,
      List<String> members,
      List<Prop> common) {}

  private final Spec spec;
  private final String pkg;
  private final Map<String, Kind> kinds = new LinkedHashMap<>();
  private final Map<String, RecordModel> records = new LinkedHashMap<>();
  private final Map<String, EnumModel> enums = new LinkedHashMap<>();
  private final Map<String, UnionModel> unions = new LinkedHashMap<>();

  ModelGenerator(Spec spec, String modelPackage) {
    this.spec = spec;
    this.pkg = modelPackage;
    classify();
    build();
  }

  String modelPackage() {
    return pkg;
  }

  Kind kind(String schemaName) {
    Kind k = kinds.get(schemaName);
    if (k == null) {
      throw new CodegenException("unknown schema '" + schemaName + "'");
    }
    return k;
  }

  /** Marks a schema as a multipart form: it gets no JSON adapter and may hold binary properties. */
  static boolean isForm(Map<String, Object> schema) {
    Map<String, Object> props = Spec.optMap(schema, "properties");
    if (props == null) {
      return false;
    }
    for (Object p : props.values()) {
      Map<String, Object> ps = Spec.asMap(p, "property");
      if ("binary".equals(ps.get("format"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Simple names the generated files use themselves; a schema with one of them would not compile.
   */
  private static final Set<String> RESERVED =
      Set.of(
          "FileUpload",
          "ModelAdapters",
          "Builder",
          "Instant",
          "List",
          "Map",
          "Set",
          "Types",
          "Type",
          "Objects",
          "Collections",
          "LinkedHashMap",
          "Annotation",
          "JsonAdapter",
          "JsonReader",
          "JsonWriter",
          "JsonDataException",
          "Moshi",
          "IOException",
          "DateTimeParseException",
          "Override",
          "SuppressWarnings",
          "String",
          "Integer",
          "Long",
          "Double",
          "Boolean",
          "Object");

  private void classify() {
    spec.schemas()
        .forEach(
            (name, s) -> {
              if (RESERVED.contains(name) || !Names.identifier(name).equals(name)) {
                throw new CodegenException(
                    "schema name '" + name + "' cannot be used as a Java type name");
              }
              if (s.containsKey("oneOf")) {
                kinds.put(name, Kind.UNION);
              } else if ("string".equals(s.get("type")) && s.containsKey("enum")) {
                kinds.put(name, Kind.ENUM);
              } else if ("object".equals(s.get("type")) || s.containsKey("properties")) {
                kinds.put(name, s.get("properties") == null ? Kind.FREE_FORM : Kind.RECORD);
              } else if (s.containsKey("allOf") || s.containsKey("anyOf")) {
                throw new CodegenException(
                    "schema '"
                        + name
                        + "': allOf/anyOf are not supported; use oneOf with a discriminator");
              } else {
                throw new CodegenException(
                    "schema '"
                        + name
                        + "': only object, string enum and oneOf schemas can be named");
              }
            });
  }

  private void build() {
    Map<String, Set<String>> memberOf = new LinkedHashMap<>();
    spec.schemas()
        .forEach(
            (name, s) -> {
              if (kinds.get(name) == Kind.UNION) {
                for (Object o : Spec.optList(s, "oneOf")) {
                  String member =
                      Spec.schemaRefName(
                          Spec.optString(Spec.asMap(o, name + ".oneOf"), "$ref", ""));
                  if (kind(member) != Kind.RECORD) {
                    throw new CodegenException(
                        "schema '"
                            + name
                            + "': oneOf member '"
                            + member
                            + "' must be an object schema");
                  }
                  memberOf.computeIfAbsent(member, k -> new LinkedHashSet<>()).add(name);
                }
              }
            });
    spec.schemas()
        .forEach(
            (name, s) -> {
              switch (kinds.get(name)) {
                case ENUM -> enums.put(name, enumModel(name, name, s));
                case RECORD ->
                    records.put(name, recordModel(name, s, memberOf.getOrDefault(name, Set.of())));
                default -> {}
              }
            });
    spec.schemas()
        .forEach(
            (name, s) -> {
              if (kinds.get(name) == Kind.UNION) {
                unions.put(name, unionModel(name, s));
              }
            });
  }

  private EnumModel enumModel(String javaName, String simpleName, Map<String, Object> s) {
    List<String> values = new ArrayList<>();
    for (Object v : Spec.optList(s, "enum")) {
      if (!(v instanceof String str)) {
        throw new CodegenException(javaName + ": only string enums are supported");
      }
      values.add(str);
    }
    Set<String> constants = new LinkedHashSet<>();
    for (String v : values) {
      if (!constants.add(Names.constant(v))) {
        throw new CodegenException(
            javaName + ": enum values collide as Java constant " + Names.constant(v));
      }
    }
    return new EnumModel(
        javaName, simpleName, values, List.of(), Spec.optString(s, "description", ""));
  }

  private RecordModel recordModel(String name, Map<String, Object> s, Set<String> unionNames) {
    Set<String> required = new LinkedHashSet<>();
    for (Object r : Spec.optList(s, "required")) {
      required.add((String) r);
    }
    boolean form = isForm(s);
    List<Prop> props = new ArrayList<>();
    List<EnumModel> nested = new ArrayList<>();
    Set<String> javaNames = new LinkedHashSet<>();
    Map<String, Object> properties = Spec.optMap(s, "properties");
    for (Map.Entry<String, Object> e : properties.entrySet()) {
      Map<String, Object> ps = Spec.asMap(e.getValue(), name + "." + e.getKey());
      TypeRef type = resolve(ps, name, e.getKey(), nested);
      if (type.binary() && !form) {
        throw new CodegenException(
            name + "." + e.getKey() + ": binary properties are only allowed in multipart forms");
      }
      String javaName = Names.camel(e.getKey());
      if (!javaNames.add(javaName)) {
        throw new CodegenException(name + ": two properties map to the Java name " + javaName);
      }
      props.add(
          new Prop(
              e.getKey(),
              javaName,
              type,
              required.contains(e.getKey()),
              Spec.optString(ps, "description", "")));
    }
    for (String r : required) {
      if (!properties.containsKey(r)) {
        throw new CodegenException(name + ": required property '" + r + "' is not declared");
      }
    }
    return new RecordModel(
        name, Spec.optString(s, "description", ""), props, nested, unionNames, form);
  }

  private UnionModel unionModel(String name, Map<String, Object> s) {
    Map<String, Object> disc = Spec.optMap(s, "discriminator");
    if (disc == null) {
      throw new CodegenException("schema '" + name + "': oneOf needs a discriminator");
    }
    String property = Spec.optString(disc, "propertyName", null);
    if (property == null) {
      throw new CodegenException("schema '" + name + "': discriminator needs propertyName");
    }
    List<String> members = new ArrayList<>();
    for (Object o : Spec.optList(s, "oneOf")) {
      members.add(Spec.schemaRefName(Spec.optString(Spec.asMap(o, name), "$ref", "")));
    }
    Map<String, String> mapping = new LinkedHashMap<>();
    Map<String, Object> rawMapping = Spec.optMap(disc, "mapping");
    if (rawMapping == null) {
      for (String m : members) {
        mapping.put(m, m);
      }
    } else {
      rawMapping.forEach((value, ref) -> mapping.put(value, Spec.schemaRefName((String) ref)));
    }
    for (String target : mapping.values()) {
      if (!members.contains(target)) {
        throw new CodegenException(
            "schema '" + name + "': discriminator maps to '" + target + "', not a oneOf member");
      }
    }
    for (String m : members) {
      if (!mapping.containsValue(m)) {
        throw new CodegenException(
            "schema '" + name + "': no discriminator value maps to '" + m + "'");
      }
      boolean hasProperty =
          records.get(m).props().stream().anyMatch(p -> p.wire().equals(property) && p.required());
      if (!hasProperty) {
        throw new CodegenException(
            "schema '"
                + m
                + "' must declare the required discriminator property '"
                + property
                + "'");
      }
    }
    List<Prop> common = new ArrayList<>();
    for (Prop p : records.get(members.get(0)).props()) {
      boolean everywhere =
          members.stream()
              .allMatch(
                  m ->
                      records.get(m).props().stream()
                          .anyMatch(
                              q ->
                                  q.wire().equals(p.wire())
                                      && q.type().java().equals(p.type().java())));
      if (everywhere) {
        common.add(p);
      }
    }
    return new UnionModel(
        name, Spec.optString(s, "description", ""), property, mapping, members, common);
  }

  /**
   * The Java type of a schema use. {@code owner}/{@code property} name nested enums of inline
   * multi-valued enums; with a null {@code nestedSink} such enums become {@code String}.
   */
  TypeRef resolve(
      Map<String, Object> s, String owner, String property, List<EnumModel> nestedSink) {
    if (s.containsKey("$ref")) {
      String target = Spec.schemaRefName((String) s.get("$ref"));
      return switch (kind(target)) {
        case FREE_FORM -> mapType();
        default -> TypeRef.simple(target);
      };
    }
    String type = Spec.optString(s, "type", null);
    if (type == null) {
      throw new CodegenException(owner + "." + property + ": a schema needs a type or a $ref");
    }
    switch (type) {
      case "string" -> {
        List<Object> values = Spec.optList(s, "enum");
        if (values.size() == 1) {
          return new TypeRef("String", "String.class", (String) values.get(0), false);
        }
        if (values.size() > 1 && nestedSink != null) {
          String simple = Names.pascal(property);
          EnumModel nested = enumModel(owner + "." + simple, simple, s);
          nestedSink.add(nested);
          return TypeRef.simple(owner + "." + simple);
        }
        String format = Spec.optString(s, "format", "");
        if (format.equals("date-time")) {
          return TypeRef.simple("Instant");
        }
        if (format.equals("binary")) {
          return new TypeRef("FileUpload", "FileUpload.class", null, true);
        }
        return TypeRef.simple("String");
      }
      case "integer" -> {
        return TypeRef.simple("int64".equals(s.get("format")) ? "Long" : "Integer");
      }
      case "number" -> {
        return TypeRef.simple("Double");
      }
      case "boolean" -> {
        return TypeRef.simple("Boolean");
      }
      case "array" -> {
        Map<String, Object> items = Spec.optMap(s, "items");
        if (items == null) {
          throw new CodegenException(owner + "." + property + ": array needs items");
        }
        TypeRef item = resolve(items, owner, property + "Item", nestedSink);
        return new TypeRef(
            "List<" + item.java() + ">",
            "Types.newParameterizedType(List.class, " + item.typeExpr() + ")",
            null,
            false);
      }
      case "object" -> {
        if (s.containsKey("properties")) {
          throw new CodegenException(
              owner
                  + "."
                  + property
                  + ": inline object schemas are not supported; name it under components.schemas");
        }
        return mapType();
      }
      default -> throw new CodegenException(owner + "." + property + ": unsupported type " + type);
    }
  }

  private static TypeRef mapType() {
    return new TypeRef(
        "Map<String, Object>",
        "Types.newParameterizedType(Map.class, String.class, Object.class)",
        null,
        false);
  }

  /** Generated files: relative path to content. */
  Map<String, String> generate() {
    Map<String, String> files = new LinkedHashMap<>();
    String dir = pkg.replace('.', '/') + "/";
    enums.values().forEach(e -> files.put(dir + e.javaName() + ".java", enumFile(e)));
    records.values().forEach(r -> files.put(dir + r.name() + ".java", recordFile(r)));
    unions.values().forEach(u -> files.put(dir + u.name() + ".java", unionFile(u)));
    files.put(dir + "FileUpload.java", fileUploadFile());
    files.put(dir + "ModelAdapters.java", adaptersFile());
    return files;
  }

  private SourceWriter header(Set<String> imports) {
    SourceWriter w = new SourceWriter();
    w.line(
        "// Generated by gateway-client-codegen from the wagateway OpenAPI document. Do not edit.");
    w.line("package " + pkg + ";");
    w.line();
    for (String i : imports) {
      w.line("import " + i + ";");
    }
    if (!imports.isEmpty()) {
      w.line();
    }
    return w;
  }

  private String enumFile(EnumModel e) {
    SourceWriter w = header(Set.of());
    writeEnum(w, e, false);
    return w.toString();
  }

  private void writeEnum(SourceWriter w, EnumModel e, boolean nested) {
    w.javadoc(List.of(Names.doc(e.description())));
    w.open("public enum " + e.simpleName() + " {");
    for (int i = 0; i < e.values().size(); i++) {
      String v = e.values().get(i);
      w.line("/** Wire value {@code " + Names.doc(v) + "}. */");
      w.line(
          Names.constant(v)
              + "("
              + Names.literal(v)
              + ")"
              + (i + 1 < e.values().size() ? "," : ";"));
    }
    w.line();
    w.line("private final String wireName;");
    w.line();
    w.open(e.simpleName() + "(String wireName) {");
    w.line("this.wireName = wireName;");
    w.close("}");
    w.line();
    w.line("/** The value as it appears in JSON and query strings. */");
    w.open("public String wireName() {");
    w.line("return wireName;");
    w.close("}");
    w.line();
    w.line(
        "/** The constant for a wire value; {@link IllegalArgumentException} for an unknown one. */");
    w.open("public static " + e.simpleName() + " fromWireName(String wireName) {");
    w.open("for (" + e.simpleName() + " value : values()) {");
    w.open("if (value.wireName.equals(wireName)) {");
    w.line("return value;");
    w.close("}");
    w.close("}");
    w.line(
        "throw new IllegalArgumentException(\"unknown " + e.javaName() + " value: \" + wireName);");
    w.close("}");
    w.line();
    w.line("/** Returns {@link #wireName()}. */");
    w.line("@Override");
    w.open("public String toString() {");
    w.line("return wireName;");
    w.close("}");
    w.close("}");
    if (nested) {
      w.line();
    }
  }

  private static Set<String> importsFor(List<Prop> props) {
    Set<String> imports = new java.util.TreeSet<>();
    for (Prop p : props) {
      String j = p.type().java();
      if (j.contains("List<")) {
        imports.add("java.util.List");
      }
      if (j.contains("Map<")) {
        imports.add("java.util.Map");
        imports.add("java.util.Collections");
        imports.add("java.util.LinkedHashMap");
      }
      if (j.contains("Instant")) {
        imports.add("java.time.Instant");
      }
    }
    return imports;
  }

  private String recordFile(RecordModel r) {
    Set<String> imports = importsFor(r.props());
    if (r.props().stream().anyMatch(p -> p.required() && p.type().constant() == null)) {
      imports = new java.util.TreeSet<>(imports);
      imports.add("java.util.Objects");
    }
    SourceWriter w = header(imports);
    List<String> doc = new ArrayList<>();
    doc.add(Names.doc(r.description()));
    for (Prop p : r.props()) {
      String text =
          (p.type().constant() != null
                  ? "always {@code " + Names.doc(p.type().constant()) + "} (set when null). "
                  : p.required() ? "required. " : "")
              + Names.doc(p.description());
      doc.add(
          "@param "
              + p.name()
              + " "
              + (text.isBlank()
                  ? "the {@code " + Names.doc(p.wire()) + "} property"
                  : text.strip()));
    }
    w.javadoc(doc);
    StringBuilder components = new StringBuilder();
    for (Prop p : r.props()) {
      if (components.length() > 0) {
        components.append(", ");
      }
      components.append(p.type().java()).append(' ').append(p.name());
    }
    String implementsClause =
        r.unions().isEmpty() ? "" : " implements " + String.join(", ", r.unions());
    w.open("public record " + r.name() + "(" + components + ")" + implementsClause + " {");
    for (EnumModel e : r.nested()) {
      writeEnum(w, e, true);
    }
    w.line("/** Checks required properties and copies collections. */");
    w.open("public " + r.name() + " {");
    for (Prop p : r.props()) {
      String c = p.type().constant();
      if (c != null) {
        w.open("if (" + p.name() + " == null) {");
        w.line(p.name() + " = " + Names.literal(c) + ";");
        w.close("}");
        w.open("if (!" + p.name() + ".equals(" + Names.literal(c) + ")) {");
        w.line(
            "throw new IllegalArgumentException("
                + Names.literal(p.wire() + " must be '" + c + "', got '")
                + " + "
                + p.name()
                + " + \"'\");");
        w.close("}");
      } else if (p.required()) {
        w.line(
            "Objects.requireNonNull("
                + p.name()
                + ", "
                + Names.literal(p.wire() + " is required")
                + ");");
      }
      if (p.type().java().startsWith("List<")) {
        w.line(p.name() + " = " + p.name() + " == null ? null : List.copyOf(" + p.name() + ");");
      } else if (p.type().java().startsWith("Map<")) {
        w.line(
            p.name()
                + " = "
                + p.name()
                + " == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>("
                + p.name()
                + "));");
      }
    }
    w.close("}");
    w.line();
    w.line("/** A builder with every property unset. */");
    w.open("public static Builder builder() {");
    w.line("return new Builder();");
    w.close("}");
    w.line();
    w.line("/** A builder holding this record's values. */");
    w.open("public Builder toBuilder() {");
    w.line("Builder b = new Builder();");
    for (Prop p : r.props()) {
      w.line("b." + p.name() + " = " + p.name() + ";");
    }
    w.line("return b;");
    w.close("}");
    w.line();
    w.line(
        "/** Builds a {@link " + r.name() + "}; {@link #build()} checks required properties. */");
    w.open("public static final class Builder {");
    for (Prop p : r.props()) {
      w.line("private " + p.type().java() + " " + p.name() + ";");
    }
    w.line();
    w.open("private Builder() {");
    w.close("}");
    for (Prop p : r.props()) {
      w.line();
      w.javadoc(List.of(Names.doc(p.description())));
      w.open("public Builder " + p.name() + "(" + p.type().java() + " " + p.name() + ") {");
      w.line("this." + p.name() + " = " + p.name() + ";");
      w.line("return this;");
      w.close("}");
    }
    w.line();
    w.open("public " + r.name() + " build() {");
    StringBuilder args = new StringBuilder();
    for (Prop p : r.props()) {
      if (args.length() > 0) {
        args.append(", ");
      }
      args.append(p.name());
    }
    w.line("return new " + r.name() + "(" + args + ");");
    w.close("}");
    w.close("}");
    w.close("}");
    return w.toString();
  }

  private String unionFile(UnionModel u) {
    SourceWriter w = header(importsFor(u.common()));
    List<String> doc = new ArrayList<>();
    doc.add(Names.doc(u.description()));
    StringBuilder table =
        new StringBuilder("Discriminated by {@code " + Names.doc(u.discriminator()) + "}:");
    u.mapping()
        .forEach(
            (value, member) ->
                table
                    .append("\n{@code ")
                    .append(Names.doc(value))
                    .append("} = {@link ")
                    .append(member)
                    .append("}"));
    doc.add(table.toString());
    w.javadoc(doc);
    w.open(
        "public sealed interface "
            + u.name()
            + " permits "
            + String.join(", ", u.members())
            + " {");
    for (Prop p : u.common()) {
      w.javadoc(List.of(Names.doc(p.description())));
      w.line(p.type().java() + " " + p.name() + "();");
      w.line();
    }
    w.close("}");
    return w.toString();
  }

  private String fileUploadFile() {
    SourceWriter w = header(Set.of("java.util.Objects"));
    w.javadoc(
        List.of(
            "A file sent as one part of a {@code multipart/form-data} request.",
            "@param filename the part's file name",
            "@param contentType the part's MIME type, e.g. {@code image/jpeg}",
            "@param content the bytes"));
    w.open("public record FileUpload(String filename, String contentType, byte[] content) {");
    w.open("public FileUpload {");
    w.line("Objects.requireNonNull(filename, \"filename\");");
    w.line("Objects.requireNonNull(contentType, \"contentType\");");
    w.line("Objects.requireNonNull(content, \"content\");");
    w.close("}");
    w.line();
    w.open("public static FileUpload of(String filename, String contentType, byte[] content) {");
    w.line("return new FileUpload(filename, contentType, content);");
    w.close("}");
    w.close("}");
    return w.toString();
  }

  private String adaptersFile() {
    AdapterWriter aw = new AdapterWriter(pkg, records.values(), enums.values(), unions.values());
    return aw.write();
  }
}
