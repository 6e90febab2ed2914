package dev.wagateway.client.codegen;

/**
 * The Java type of a schema use.
 *
 * @param java the type as written in source ({@code List<Session>})
 * @param typeExpr an expression of {@code java.lang.reflect.Type} for it ({@code Session.class})
 * @param constant the only allowed value of a single-valued string enum (such types are {@code
 *     String}), or null
 * @param binary whether this is an uploaded file ({@code format: binary})
 */
record TypeRef(String java, String typeExpr, String constant, boolean binary) {
  static TypeRef simple(String java) {
    return new TypeRef(java, java + ".class", null, false);
  }

  /**
   * Name of the generated adapter class for a named model type ({@code Owner.Kind} becomes {@code
   * Owner_KindAdapter}).
   */
  static String adapterName(String javaName) {
    return javaName.replace('.', '_') + "Adapter";
  }
}
