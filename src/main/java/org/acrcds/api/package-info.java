/**
 * Immutable records mirroring the CDS Hooks 2.0 JSON (discovery, request, response, feedback). No logic here.
 * Empty and null fields are never written (see application.properties: default-property-inclusion).
 */
package org.acrcds.api;
