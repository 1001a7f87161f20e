package dev.switchboard.tui.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.switchboard.tui.console.canned.Placeholders;
import dev.switchboard.tui.console.keys.Action;
import dev.switchboard.tui.console.keys.KeyChord;
import dev.switchboard.tui.console.keys.KeyReader;
import dev.switchboard.tui.console.keys.Keymap;
import dev.switchboard.tui.console.model.Draft;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CannedAndKeysTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = " => ", value = {
            "Hi {name|there}, I'm {agent} => Hi Chris, I'm Alice",
            "Thank you {name}! => Thank you Chris!",
            "See {page|our site} => See /pricing",
            "Weather in {location|your town} => Weather in Oslo, NO",
            "You searched for {query} => You searched for cheap vps",
            "Keep {unknown} as typed => Keep {unknown} as typed"})
    void placeholdersWithValues(String template, String expected) {
        assertThat(Placeholders.expand(template, Map.of("name", "Chris", "agent", "Alice", "page", "/pricing",
                "location", "Oslo, NO", "query", "cheap vps"))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = " => ", value = {
            "Hi {name|there}, I'm {agent|your agent} => Hi there, I'm your agent",
            "Thank you {name}! => Thank you!",
            "Hi {name}, welcome => Hi, welcome"})
    void placeholdersWithoutValuesUseFallbacksOrVanishCleanly(String template, String expected) {
        assertThat(Placeholders.unknown(template)).isEmpty();
        Map<String, String> none = new HashMap<>();
        none.put("name", null);
        assertThat(Placeholders.expand(template, none)).isEqualTo(expected);
    }

    @Test
    void chordsParseAndPrint() {
        assertThat(KeyChord.parse("Alt+A")).isEqualTo(KeyChord.of(new KeyStroke('a', false, true)));
        assertThat(KeyChord.parse("ctrl+n")).isEqualTo(KeyChord.of(new KeyStroke('n', true, false)));
        assertThat(KeyChord.parse("F1")).isEqualTo(KeyChord.of(new KeyStroke(KeyType.F1)));
        assertThat(KeyChord.parse("Alt+Enter")).isEqualTo(KeyChord.of(new KeyStroke('j', true, true)));
        assertThat(KeyChord.parse("Alt+/").toString()).isEqualTo("Alt+/");
        assertThatThrownBy(() -> KeyChord.parse("Hyper+X")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyActionHasADefaultKey() {
        Keymap m = Keymap.defaults();
        for (Action a : Action.values()) {
            assertThat(m.chordsFor(a)).as(a.id()).isNotEmpty();
        }
    }

    @Test
    void keymapFileOverridesAndReportsBadLines() {
        Keymap m = Keymap.defaults().with(List.of("end-chat = Ctrl+W, Alt+X  # two keys", "", "# comment"));
        assertThat(m.actionFor(KeyChord.parse("Ctrl+W"))).isEqualTo(Action.END_CHAT);
        assertThat(m.actionFor(KeyChord.parse("Alt+X"))).isEqualTo(Action.END_CHAT);
        assertThat(m.actionFor(KeyChord.parse("Alt+E"))).isNull();
        assertThatThrownBy(() -> Keymap.defaults().with(List.of("fly = Alt+F")))
                .hasMessageContaining("keymap line 1");
    }

    @Test
    void escapeThenKeyIsAltOnlyWhenQuick() {
        TestClock clock = new TestClock(0);
        KeyReader r = new KeyReader(clock);
        assertThat(r.read(new KeyStroke(KeyType.Escape))).isEmpty();
        clock.advance(Duration.ofMillis(20));
        assertThat(r.read(new KeyStroke('a', false, false))).containsExactly(KeyChord.parse("Alt+A"));
        assertThat(r.read(new KeyStroke(KeyType.Escape))).isEmpty();
        clock.advance(Duration.ofMillis(80));
        assertThat(r.expired()).isEqualTo(KeyChord.parse("Escape"));
        assertThat(r.read(new KeyStroke('a', false, false))).containsExactly(KeyChord.character('a'));
    }

    @Test
    void draftEditsByCodePointAndRecallsSentLines() {
        Draft d = new Draft();
        d.insert("a😀b");
        d.left();
        d.backspace();
        assertThat(d.text()).isEqualTo("ab");
        d.sent("ab", false);
        d.insert("half");
        d.recallPrevious(false);
        assertThat(d.text()).isEqualTo("ab");
        d.recallNext(false);
        assertThat(d.text()).isEqualTo("half");
    }

    @Test
    void recallWalksOnlyTheLinesOfTheModeBeingWritten() {
        Draft d = new Draft();
        d.sent("reply one", false);
        d.sent("internal: customer left?", true);
        d.sent("reply two", false);
        d.recallPrevious(false);
        assertThat(d.text()).isEqualTo("reply two");
        d.recallPrevious(false);
        assertThat(d.text()).isEqualTo("reply one");
        d.recallPrevious(false);
        assertThat(d.text()).isEqualTo("reply one");
        d.recallNext(false);
        assertThat(d.text()).isEqualTo("reply two");
        d.recallNext(false);
        assertThat(d.text()).isEmpty();
        d.recallPrevious(true);
        assertThat(d.text()).isEqualTo("internal: customer left?");
    }
}
