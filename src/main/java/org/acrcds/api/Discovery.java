package org.acrcds.api;

import java.util.List;

public record Discovery(List<CdsServiceDescriptor> services) {}
