package org.acrcds.admin;

import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code GET /admin/}: the governance page, static HTML whose script (governance.js, beside it under static/admin/)
 * asks for the admin token and fetches the report. The page itself holds no data.
 */
@Controller
class GovernancePage {

    private static final Resource PAGE = new ClassPathResource("static/admin/index.html");
    private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

    @GetMapping({"/admin", "/admin/"})
    ResponseEntity<Resource> page() {
        return ResponseEntity.ok().contentType(HTML).body(PAGE);
    }
}
