package dev.wagateway.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest, when there is one. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = WagatewayCli.class.getPackage().getImplementationVersion();
    return new String[] {"wagateway " + (version == null ? "(development build)" : version)};
  }
}
