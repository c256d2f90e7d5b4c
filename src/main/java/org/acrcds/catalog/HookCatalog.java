package org.acrcds.catalog;

import org.acrcds.content.ContentException;
import org.acrcds.content.ContentFiles;
import org.acrcds.api.Hook;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.acrcds.evaluation.CqlEvaluator;
import org.acrcds.evaluation.CqlLibraries;
import org.acrcds.evaluation.AssessmentContract;
import org.acrcds.evaluation.ValueSetIndex;
import org.hl7.fhir.r4.model.ActivityDefinition;
import org.springframework.stereotype.Component;

/**
 * The services of {@code hooks/}, loaded once and cross-checked against the CQL, the value sets and the
 * order templates: any mismatch stops the server with a message naming the file.
 */
@Component
public class HookCatalog {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z]+)}");

    private final Map<String, HookDefinition> services;

    public HookCatalog(ContentFiles contentFiles, CqlLibraries libraries, ValueSetIndex valueSets, OrderTemplates orderTemplates) {
        ObjectMapper reader = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        Map<String, CardTemplates> cardTemplates = new LinkedHashMap<>();
        for (ContentFiles.ContentFile file : contentFiles.find("hooks/cards/*.json")) {
            CardTemplates templates = read(reader, file, CardTemplates.class);
            checkTemplates(file.path(), templates, orderTemplates);
            require(cardTemplates.put(file.baseName(), templates) == null, file.path(),
                    "another content pack has card templates of the same name");
        }
        Map<String, HookDefinition> loaded = new LinkedHashMap<>();
        for (ContentFiles.ContentFile file : contentFiles.find("hooks/*.json")) {
            HookFile hookFile = read(reader, file, HookFile.class);
            HookDefinition.Config config = hookFile.config();
            require(config != null && notBlank(config.library()), file.path(), "config.library is required");
            require(libraries.libraryNames().contains(config.library()), file.path(), "CQL library " + config.library() + " is not in cql/");
            String criteria = libraries.canonical(config.library()).orElseThrow(() -> new ContentException(file.path()
                    + ": no Library resource in fhir-resources/resources/ publishes CQL library " + config.library()
                    + " (its canonical URL names the criteria applied in pama-rating-auc-applied)"));
            CardTemplates templates = cardTemplates.get(config.cardTemplates());
            HookDefinition definition = hookFile.toDefinition(file.baseName(), templates, suggestableOrders(templates, orderTemplates),
                    criteria);
            checkService(file.path(), definition, libraries, valueSets);
            require(loaded.put(definition.id(), definition) == null, file.path(),
                    "another content pack defines a service with the same id");
        }
        if (loaded.isEmpty()) {
            throw new ContentException("No service definitions found in hooks/");
        }
        this.services = java.util.Collections.unmodifiableMap(loaded);
    }

    public List<HookDefinition> services() {
        return List.copyOf(services.values());
    }

    public Optional<HookDefinition> find(String serviceId) {
        return Optional.ofNullable(services.get(serviceId));
    }

    /** The orders the cards suggest in place of a draft (each found by checkTemplates), sorted by reference. */
    private static List<ActivityDefinition> suggestableOrders(CardTemplates templates, OrderTemplates orderTemplates) {
        if (templates == null) {
            return List.of(); // checkService names the missing card file
        }
        return templates.cards().values().stream()
                .map(CardTemplates.CardTemplate::suggestion)
                .filter(suggestion -> suggestion != null && !suggestion.removes())
                .map(CardTemplates.SuggestionTemplate::replaceDraftWith)
                .distinct().sorted()
                .flatMap(reference -> orderTemplates.find(reference).stream())
                .toList();
    }

    private static <T> T read(ObjectMapper reader, ContentFiles.ContentFile file, Class<T> type) {
        try {
            return reader.readValue(file.text(), type);
        } catch (Exception e) {
            throw new ContentException("Cannot read " + file.path() + ": " + e.getMessage(), e);
        }
    }

    private static void checkService(String path, HookDefinition service, CqlLibraries libraries, ValueSetIndex valueSets) {
        require(service.hook() != null, path, "hook is required");
        require(notBlank(service.title()) && notBlank(service.description()), path, "title and description are required");
        require(service.prefetch() != null && !service.prefetch().isEmpty(), path, "prefetch templates are required");
        HookDefinition.Config config = service.config();
        require(service.cardTemplates() != null, path, "card templates hooks/cards/" + config.cardTemplates() + ".json not found");
        Set<String> expressions = libraries.expressionNames(config.library());
        require(expressions.contains(CqlEvaluator.ORDER_ASSESSMENTS), path,
                "library " + config.library() + " does not define \"" + CqlEvaluator.ORDER_ASSESSMENTS + "\"");
        checkContract(path, service.cardTemplates(), config, libraries.assessmentContract(config.library()), expressions);
        for (String card : config.patientCards()) {
            require(service.cardTemplates().cards().containsKey(card), path, "unknown patient card template " + card);
        }
        for (String key : config.requiredPrefetch()) {
            require(service.prefetch().containsKey(key), path, "required prefetch key " + key + " has no template");
        }
        for (String url : libraries.valueSetUrls(config.library())) {
            require(valueSets.urls().contains(url), path, "value set " + url + " used by " + config.library()
                    + " has no ValueSet in fhir-resources/");
        }
    }

    /**
     * Every card and note the CQL can name is defined, every placeholder names an element the CQL returns, and every
     * card's condition is a Boolean definition of the library.
     */
    private static void checkContract(String path, CardTemplates templates, HookDefinition.Config config, AssessmentContract contract,
            Set<String> expressions) {
        String templatesFile = "hooks/cards/" + config.cardTemplates() + ".json";
        for (String card : contract.cards()) {
            require(templates.cards().containsKey(card), path, config.library() + " can return card '" + card + "', which "
                    + templatesFile + " does not define");
        }
        Map<String, String> notes = templates.notes() == null ? Map.of() : templates.notes();
        for (String note : contract.notes()) {
            require(notes.containsKey(note), path, config.library() + " can return note '" + note + "', which "
                    + templatesFile + " does not define");
        }
        notes.forEach((name, text) -> checkPlaceholders(path, templatesFile + " note " + name, text, contract.elements()));
        templates.cards().forEach((name, card) -> {
            String where = templatesFile + " card " + name;
            require(contract.conditions().contains(card.condition()), path, where + ": condition \"" + card.condition() + "\" is "
                    + (expressions.contains(card.condition()) ? "not a Boolean definition" : "not defined") + " in " + config.library());
            checkPlaceholders(path, where, card.summary(), contract.elements());
            checkPlaceholders(path, where, card.detail(), contract.elements());
            if (card.suggestion() != null) {
                checkPlaceholders(path, where, card.suggestion().label(), contract.elements());
                checkPlaceholders(path, where, card.suggestion().orderLabel(), contract.elements());
                checkPlaceholders(path, where, card.suggestion().removeLabel(), contract.elements());
            }
        });
    }

    private static void checkTemplates(String path, CardTemplates templates, OrderTemplates orderTemplates) {
        require(templates.source() != null && notBlank(templates.source().label()), path, "source.label is required");
        require(templates.cards() != null && !templates.cards().isEmpty(), path, "no cards defined");
        if (templates.overrideReasons() != null) {
            templates.overrideReasons().forEach((name, reason) -> require(notBlank(reason.system()) && notBlank(reason.code())
                    && notBlank(reason.display()), path, "override reason " + name + " needs system, code and display"));
        }
        templates.cards().forEach((name, card) -> {
            String where = "card " + name;
            require(card.indicator() != null, path, where + ": indicator is required");
            require(notBlank(card.summary()), path, where + ": summary is required");
            require(card.topic() != null && card.topic().code() != null && card.topic().code().matches("[A-Za-z0-9]+"), path,
                    where + ": topic.code must be alphanumeric");
            require(notBlank(card.topic().display()), path, where + ": topic.display is required");
            require(notBlank(card.description()), path, where + ": description is required");
            require(notBlank(card.condition()), path, where + ": condition is required (the library's Boolean definition that is "
                    + "true when the card is shown)");
            if (card.suggestion() != null) {
                require(card.suggestion().removes() == (card.suggestion().replaceDraftWith() == null), path,
                        where + ": a suggestion either replaces the draft (replaceDraftWith) or removes it (removeDraft)");
                require(card.suggestion().removes() || orderTemplates.find(card.suggestion().replaceDraftWith()).isPresent(), path,
                        where + ": " + card.suggestion().replaceDraftWith() + " not found in fhir-resources/");
                require(card.selectionBehavior() != null, path, where + ": selectionBehavior is required with a suggestion");
                require(card.suggestion().removes() || (notBlank(card.suggestion().orderLabel()) && notBlank(card.suggestion().removeLabel())),
                        path, where + ": a suggestion that replaces the draft needs orderLabel and removeLabel (sites with create-delete)");
            }
            if (card.overrideReasons() != null) {
                for (String reason : card.overrideReasons()) {
                    require(templates.overrideReasons() != null && templates.overrideReasons().containsKey(reason), path,
                            where + ": unknown override reason " + reason);
                }
            }
        });
    }

    private static void checkPlaceholders(String path, String where, String text, Set<String> elements) {
        if (text == null) {
            return;
        }
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            require(elements.contains(matcher.group(1)), path, where + ": placeholder ${" + matcher.group(1)
                    + "} is not an element of \"" + CqlEvaluator.ORDER_ASSESSMENTS + "\" (" + new TreeSet<>(elements) + ")");
        }
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }

    private static void require(boolean condition, String path, String problem) {
        if (!condition) {
            throw new ContentException(path + ": " + problem);
        }
    }

    /** The JSON shape of a hook file; {@code id} comes from the file name. */
    record HookFile(Hook hook, String title, String description, Map<String, String> prefetch,
                    String usageRequirements, HookDefinition.Config config) {

        HookDefinition toDefinition(String id, CardTemplates cardTemplates, List<ActivityDefinition> suggestableOrders,
                String criteriaApplied) {
            return new HookDefinition(id, hook, title, description, prefetch, usageRequirements, config, cardTemplates,
                    suggestableOrders, criteriaApplied);
        }
    }
}
