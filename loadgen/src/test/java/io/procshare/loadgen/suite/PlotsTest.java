package io.procshare.loadgen.suite;

import io.procshare.loadgen.probe.Cdf;
import io.procshare.loadgen.probe.Section;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The plots render headless from hand-made sections into readable PNGs: no cluster. */
class PlotsTest {

    @TempDir
    Path out;

    @Test
    void when_sectionsOfEveryKind_then_fourReadablePngsAreWritten() throws Exception {
        Histogram h = new Histogram(3);
        for (int i = 1; i <= 1000; i++) {
            h.recordValue(100_000 + 100L * i);
        }
        List<JsonObject> reads = new ArrayList<>();
        for (int kib : List.of(1, 4, 64)) {
            reads.add(new JsonObject().put("op", "read-" + kib + "k").put("condition", "ship").put("p50", 200.0 + kib));
            reads.add(new JsonObject().put("op", "read-" + kib + "k").put("condition", "noship").put("p50", 200.0 + 90 * kib));
        }
        List<JsonObject> rates = new ArrayList<>();
        for (int t : List.of(1, 2, 4)) {
            rates.add(new JsonObject().put("op", "syscall").put("condition", "mechanism").put("threads", t)
                    .put("ops_per_s", 3000.0 * t));
            rates.add(new JsonObject().put("op", "eventbus-16").put("condition", "eventbus").put("threads", t)
                    .put("ops_per_s", 3500.0 * t));
        }
        List<Section> sections = List.of(
                new Section("page-fault", List.of(), List.of(), List.of(), List.of(Cdf.of("read-fault", "remote", h)), ""),
                new Section("table1", List.of(), List.of(), List.of(), List.of(Cdf.of("open", "C/ship", h)), ""),
                new Section("read-size", reads, List.of(), List.of(), List.of(), ""),
                new Section("throughput", rates, List.of(), List.of(), List.of(), ""));

        List<String> written = Plots.write(out, sections);

        assertThat(written).containsExactly("latency-cdf.png", "table1-cdf.png", "read-size.png", "throughput.png");
        for (String name : written) {
            BufferedImage image = ImageIO.read(out.resolve(name).toFile());
            assertThat(image).as(name).isNotNull();
            assertThat(image.getWidth()).as(name).isGreaterThan(500);
        }
    }

    @Test
    void when_noSectionHasPlottableRows_then_nothingIsWritten() throws Exception {
        assertThat(Plots.write(out, List.of(new Section("baseline", List.of(), List.of(), List.of(), List.of(), ""))))
                .isEmpty();
    }
}
