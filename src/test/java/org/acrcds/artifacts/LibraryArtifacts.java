package org.acrcds.artifacts;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.acrcds.evaluation.CqlLibraries;
import org.cqframework.cql.cql2elm.CqlCompilerOptions;
import org.cqframework.cql.cql2elm.CqlTranslator;
import org.cqframework.cql.cql2elm.LibraryManager;
import org.cqframework.cql.cql2elm.ModelManager;
import org.cqframework.cql.cql2elm.quick.FhirLibrarySourceProvider;
import org.hl7.elm.r1.Retrieve;
import org.hl7.elm.r1.ValueSetDef;
import org.hl7.elm.r1.ValueSetRef;
import org.hl7.elm.r1.VersionedIdentifier;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DataRequirement;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.RelatedArtifact;

/** Builds the FHIR Library resource that publishes a CQL library: its text, its ELM and its data requirements. */
final class LibraryArtifacts {

    private LibraryArtifacts() {}

    /**
     * @param cql the library's CQL text
     * @param published the Library resource as it is in the content pack: its url, title, status, experimental,
     *     publisher and description are the variant's own and are kept (a new variant starts from a stub holding them);
     *     everything else is generated
     */
    static Library libraryFor(String cql, Library published) throws Exception {
        CqlTranslator translator = translate(cql);
        org.hl7.elm.r1.Library elm = translator.toELM();
        String name = elm.getIdentifier().getId();
        String version = elm.getIdentifier().getVersion();
        if (!published.hasUrl()) {
            throw new IllegalArgumentException("Library-" + name + ".json needs a url: the canonical URL of the criteria applied");
        }

        Library library = new Library();
        library.setId(name);
        library.setUrl(published.getUrl());
        library.setVersion(version);
        library.setName(name);
        library.setTitle(published.getTitle());
        library.setStatus(published.getStatus());
        library.setExperimentalElement(published.getExperimentalElement().copy());
        library.setPublisher(published.getPublisher());
        library.setDescription(published.getDescription());
        library.setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/library-type", "logic-library", "Logic Library")));
        library.addRelatedArtifact().setType(RelatedArtifact.RelatedArtifactType.DEPENDSON)
                .setResource("http://fhir.org/guides/cqf/common/Library/FHIRHelpers|4.0.1");
        Map<String, String> valueSetUrls = new LinkedHashMap<>();
        if (elm.getValueSets() != null) {
            for (ValueSetDef def : elm.getValueSets().getDef()) {
                valueSetUrls.put(def.getName(), def.getId());
                library.addRelatedArtifact().setType(RelatedArtifact.RelatedArtifactType.DEPENDSON).setResource(def.getId());
            }
        }
        for (Retrieve retrieve : translator.toRetrieves()) {
            DataRequirement requirement = new DataRequirement().setType(retrieve.getDataType().getLocalPart());
            requirement.addProfile("http://hl7.org/fhir/StructureDefinition/" + retrieve.getDataType().getLocalPart());
            if (retrieve.getCodes() instanceof ValueSetRef valueSet) {
                requirement.addCodeFilter().setPath(retrieve.getCodeProperty()).setValueSet(valueSetUrls.get(valueSet.getName()));
            }
            if (library.getDataRequirement().stream().noneMatch(existing -> existing.equalsDeep(requirement))) {
                library.addDataRequirement(requirement);
            }
        }
        library.addContent(new Attachment().setContentType("text/cql").setData(cql.getBytes(StandardCharsets.UTF_8)));
        library.addContent(new Attachment().setContentType("application/elm+json")
                .setData(translator.toJson().getBytes(StandardCharsets.UTF_8)));
        library.setText(Narratives.of(library));
        return library;
    }

    /**
     * FHIRHelpers as the translator ships it, with its ELM: the server loads the published ELM of a library and of
     * what it includes rather than translating at startup.
     */
    static Library fhirHelpersLibrary() throws Exception {
        VersionedIdentifier identifier = new VersionedIdentifier().withId("FHIRHelpers").withVersion("4.0.1");
        String cql;
        try (var source = new FhirLibrarySourceProvider().getLibrarySource(identifier)) {
            cql = new String(source.readAllBytes(), StandardCharsets.UTF_8);
        }
        CqlTranslator translator = translate(cql);
        Library library = new Library();
        library.setId("FHIRHelpers");
        library.setUrl("http://fhir.org/guides/cqf/common/Library/FHIRHelpers");
        library.setVersion(identifier.getVersion());
        library.setName("FHIRHelpers");
        library.setTitle("FHIR Helpers");
        library.setStatus(PublicationStatus.ACTIVE);
        library.setExperimental(false);
        library.setPublisher("ACR CDS Hooks project (copy of the CQL translator's FHIRHelpers)");
        library.setDescription("FHIRHelpers " + identifier.getVersion() + " as shipped in info.cqframework:quick, with its ELM; "
                + "generated by LibraryArtifactsTest, do not edit by hand.");
        library.setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/library-type", "logic-library", "Logic Library")));
        library.addContent(new Attachment().setContentType("text/cql").setData(cql.getBytes(StandardCharsets.UTF_8)));
        library.addContent(new Attachment().setContentType("application/elm+json")
                .setData(translator.toJson().getBytes(StandardCharsets.UTF_8)));
        library.setText(Narratives.of(library));
        return library;
    }

    /** As the server translates, minus annotations and locators (they would copy the CQL text into the ELM). */
    private static CqlTranslator translate(String cql) {
        CqlCompilerOptions options = CqlLibraries.compilerOptions();
        options.getOptions().remove(CqlCompilerOptions.Options.EnableAnnotations);
        options.getOptions().remove(CqlCompilerOptions.Options.EnableLocators);
        LibraryManager manager = new LibraryManager(new ModelManager(), options);
        manager.getLibrarySourceLoader().registerProvider(new FhirLibrarySourceProvider());
        CqlTranslator translator = CqlTranslator.fromText(cql, manager);
        if (!translator.getErrors().isEmpty()) {
            throw new IllegalStateException("CQL does not translate: " + translator.getErrors());
        }
        return translator;
    }
}
