package org.vae4j.datasets;

import java.io.BufferedWriter;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.vae4j.api.io.AtomicFiles;
import org.vae4j.api.table.Column;
import org.vae4j.api.table.ColumnType;
import org.vae4j.api.table.Table;

/**
 * Reads CSV files into {@link Table}s and writes tables as CSV. Parsing (delimiter, quotes,
 * quoted delimiters, quotes and line breaks inside fields) is Apache Commons CSV's; this class adds
 * the column types, missing values, the label column and the bounds of {@link CsvOptions}.
 *
 * <p>Types are inferred per column from its non-missing fields unless {@link
 * CsvOptions#types()} sets them: a column whose fields are all decimal numbers is {@link
 * ColumnType#NUMERIC}, or {@link ColumnType#BINARY} (levels {@code 0}, {@code 1}) when every field
 * is {@code 0} or {@code 1}; any other column is binary when it has exactly two distinct values
 * and {@link ColumnType#CATEGORICAL} otherwise. Levels are sorted (String order), so they do not
 * depend on the order of the rows. A column with no value at all is numeric (all missing). Blank
 * lines are skipped; in a one-column file, write a missing token such as {@code NA}.
 *
 * <p>A file is read as untrusted: its size, rows, columns, cells, field and record lengths and
 * levels per column are bounded (see {@link CsvOptions}), text must be UTF-8 (a leading byte-order
 * mark is dropped), every record must have as many fields as the header, and every error is a
 * {@link TableFormatException} naming the file, the line where the record begins and the column.
 * Reading keeps 12 bytes per cell and the distinct levels; it never holds the file's text.
 */
public final class CsvTables {
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private CsvTables() {}

  /** Reads {@code file} with the {@link CsvOptions#defaults() defaults}. */
  public static Table read(Path file) throws IOException {
    return read(file, CsvOptions.defaults());
  }

  /**
   * Reads {@code file} into a table.
   *
   * @throws TableFormatException when the file breaks a bound or is malformed, naming the file,
   *     line and column
   * @throws IOException when the file cannot be read
   */
  public static Table read(Path file, CsvOptions options) throws IOException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(options, "options");
    if (!Files.isRegularFile(file)) {
      throw Files.exists(file) ? new TableFormatException(file, "not a regular file")
          : new NoSuchFileException(file.toString());
    }
    long size = Files.size(file);
    if (size > options.maxFileBytes()) {
      throw new TableFormatException(file, "file must be at most " + options.maxFileBytes()
          + " bytes (CsvOptions.maxFileBytes), got " + size);
    }
    CSVFormat format = CSVFormat.DEFAULT.builder()
        .setDelimiter(options.delimiter())
        .setQuote(options.quote())
        .setIgnoreEmptyLines(false)
        .get();
    try (InputStream in = new BoundedInputStream(Files.newInputStream(file), options.maxFileBytes());
        CountingReader reader = new CountingReader(new InputStreamReader(in,
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)));
        CSVParser parser = CSVParser.parse(reader, format)) {
      reader.bound((long) options.maxRecordChars() + READ_AHEAD);
      return new Reading(file, options, parser, reader).run();
    }
  }

  /** One read of one file. */
  private static final class Reading {
    private final Path file;
    private final CsvOptions options;
    private final CSVParser parser;
    private final CountingReader reader;
    private final Iterator<CSVRecord> records;
    private long line = 1;
    private long nextLine = 1;

    Reading(Path file, CsvOptions options, CSVParser parser, CountingReader reader) {
      this.file = file;
      this.options = options;
      this.parser = parser;
      this.reader = reader;
      this.records = parser.iterator();
    }

    /** The next record, or null at the end; sets {@link #line} to where it begins. */
    private CSVRecord next() throws IOException {
      while (true) {
        line = nextLine;
        CSVRecord r;
        try {
          reader.startRecord();
          if (!records.hasNext()) {
            return null;
          }
          r = records.next();
        } catch (UncheckedIOException e) {
          throw translate(e.getCause());
        } catch (IllegalStateException e) {
          // Commons CSV wraps some parse errors (e.g. EOF inside quotes) this way
          throw new TableFormatException(file, line, null,
              "malformed CSV: " + e.getMessage(), e);
        }
        nextLine = parser.getCurrentLineNumber() + 1;
        if (r.size() == 1 && r.get(0).isEmpty()) {
          continue; // a blank line
        }
        return r;
      }
    }

    private IOException translate(IOException e) {
      if (e instanceof TableFormatException t) {
        return t;
      }
      if (e instanceof LimitException l) {
        return new TableFormatException(file, line, null, l.getMessage(), null);
      }
      if (e instanceof CharacterCodingException) {
        return new TableFormatException(file, line, null,
            "not valid UTF-8 (in this record or the next 8 KiB)", e);
      }
      return new TableFormatException(file, line, null, "malformed CSV: " + e.getMessage(), e);
    }

    Table run() throws IOException {
      CSVRecord first = next();
      if (first == null) {
        throw new TableFormatException(file, options.header() ? "no header line: the file is empty"
            : "no record: the file is empty");
      }
      int ncol = first.size();
      if (ncol > options.maxColumns()) {
        throw new TableFormatException(file, line, null, "a record must have at most "
            + options.maxColumns() + " fields (CsvOptions.maxColumns), got " + ncol, null);
      }
      String[] names = new String[ncol];
      for (int c = 0; c < ncol; c++) {
        names[c] = options.header() ? first.get(c) : "column" + (c + 1);
        if (names[c].length() > options.maxFieldChars()) {
          throw new TableFormatException(file, line, null, "column " + (c + 1) + " of the header "
              + "must have at most " + options.maxFieldChars() + " chars (CsvOptions.maxFieldChars), "
              + "got " + names[c].length(), null);
        }
      }
      if (options.header() && ncol > 0 && names[0].startsWith("\uFEFF")) {
        names[0] = names[0].substring(1);
      }
      checkNames(names);
      Builder[] cols = new Builder[ncol];
      for (int c = 0; c < ncol; c++) {
        cols[c] = new Builder(names[c], options);
      }
      long cellBound = options.maxCells() / ncol;
      long rowBound = Math.min(options.maxRows(), cellBound);
      int rows = 0;
      CSVRecord r = options.header() ? next() : first;
      while (r != null) {
        if (r.size() != ncol) {
          throw new TableFormatException(file, line, null, "a record must have " + ncol
              + " fields like the " + (options.header() ? "header" : "first record") + ", got "
              + r.size(), null);
        }
        if (rows >= rowBound) {
          throw new TableFormatException(file, line, null, rows >= options.maxRows()
              ? "a file must have at most " + options.maxRows() + " data rows (CsvOptions.maxRows)"
              : "a file must have at most " + options.maxCells() + " cells (CsvOptions.maxCells), "
                  + ncol + " columns × more than " + rows + " rows", null);
        }
        for (int c = 0; c < ncol; c++) {
          String field = r.get(c);
          if (line == 1 && c == 0 && field.startsWith("\uFEFF")) {
            field = field.substring(1); // a byte-order mark in a file without a header
          }
          if (field.length() > options.maxFieldChars()) {
            throw new TableFormatException(file, line, names[c], "a field must have at most "
                + options.maxFieldChars() + " chars (CsvOptions.maxFieldChars), got "
                + field.length(), null);
          }
          cols[c].add(field, line);
        }
        rows++;
        r = next();
      }
      List<Column> features = new ArrayList<>();
      Column label = null;
      for (Builder b : cols) {
        Column column = b.build(file);
        if (b.name.equals(options.label())) {
          label = column;
        } else {
          features.add(column);
        }
      }
      if (features.isEmpty()) {
        throw new TableFormatException(file, "the file has no column besides the label "
            + options.label());
      }
      return Table.of(features, label);
    }

    private void checkNames(String[] names) throws TableFormatException {
      Map<String, Integer> seen = new HashMap<>();
      for (int c = 0; c < names.length; c++) {
        if (names[c].isEmpty()) {
          throw new TableFormatException(file, line, null, "column " + (c + 1)
              + " of the header has no name", null);
        }
        Integer before = seen.put(names[c], c);
        if (before != null) {
          throw new TableFormatException(file, line, names[c], "the header names columns "
              + (before + 1) + " and " + (c + 1) + " alike", null);
        }
      }
      Set<String> unknown = new HashSet<>(options.types().keySet());
      if (options.label() != null) {
        unknown.add(options.label());
      }
      unknown.removeAll(seen.keySet());
      if (!unknown.isEmpty()) {
        throw new TableFormatException(file, "the options name columns " + new TreeSet<>(unknown)
            + " that the file does not have; it has "
            + Arrays.asList(names).subList(0, Math.min(names.length, 20))
            + (names.length > 20 ? " ..." : ""));
      }
    }
  }

  /** One column while reading: parsed numbers, level codes, the mask and the first bad field. */
  private static final class Builder {
    private final String name;
    private final CsvOptions options;
    private final ColumnType forced;
    private double[] numbers = new double[16];
    private int[] codes = new int[16];
    private boolean[] missing = new boolean[16];
    private int size;
    private final Map<String, Integer> levels = new HashMap<>();
    private final List<String> levelList = new ArrayList<>();
    private boolean tooManyLevels;
    private long firstTextLine;
    private String firstText;
    private long firstInfiniteLine;
    private String firstInfinite;

    Builder(String name, CsvOptions options) {
      this.name = name;
      this.options = options;
      this.forced = options.types().get(name);
    }

    void add(String field, long line) {
      if (size == missing.length) {
        int n = (int) Math.min(Integer.MAX_VALUE - 8, (long) size * 3 / 2 + 1);
        numbers = Arrays.copyOf(numbers, n);
        codes = Arrays.copyOf(codes, n);
        missing = Arrays.copyOf(missing, n);
      }
      int i = size++;
      if (options.missingTokens().contains(field)) {
        missing[i] = true;
        numbers[i] = Double.NaN;
        codes[i] = -1;
        return;
      }
      String t = field.strip();
      double v = Double.NaN;
      if (firstText == null && DECIMAL.matcher(t).matches()) {
        v = Double.parseDouble(t);
        if (Double.isInfinite(v) && firstInfinite == null) {
          firstInfinite = field;
          firstInfiniteLine = line;
        }
      } else if (firstText == null) {
        firstText = field;
        firstTextLine = line;
      }
      numbers[i] = v;
      Integer code = levels.get(field);
      if (code == null && !tooManyLevels) {
        if (levelList.size() >= options.maxLevels()) {
          tooManyLevels = true;
        } else {
          code = levelList.size();
          levels.put(field, code);
          levelList.add(field);
        }
      }
      codes[i] = code == null ? -1 : code;
    }

    Column build(Path file) throws TableFormatException {
      boolean[] mask = Arrays.copyOf(missing, size);
      boolean numeric = firstText == null;
      ColumnType type = forced;
      if (type == null) {
        if (numeric && !levelList.isEmpty() && Set.of("0", "1").containsAll(levelList)
            && !tooManyLevels) {
          type = ColumnType.BINARY;
        } else if (numeric) {
          type = ColumnType.NUMERIC;
        } else {
          type = levelList.size() == 2 && !tooManyLevels ? ColumnType.BINARY
              : ColumnType.CATEGORICAL;
        }
      }
      if (type == ColumnType.NUMERIC) {
        if (!numeric) {
          throw new TableFormatException(file, firstTextLine, name, "value " + show(firstText)
              + " is not a decimal number (the column is NUMERIC"
              + (forced != null ? " by CsvOptions.types" : "") + ")", null);
        }
        if (firstInfinite != null) {
          throw new TableFormatException(file, firstInfiniteLine, name, "value "
              + show(firstInfinite) + " is beyond the double range", null);
        }
        return Column.numeric(name, Arrays.copyOf(numbers, size), mask);
      }
      if (tooManyLevels) {
        throw new TableFormatException(file, 0, name, "a " + type + " column must have at most "
            + options.maxLevels() + " distinct values (CsvOptions.maxLevels), got more"
            + (numeric ? "" : "; its first non-numeric value " + show(firstText) + " is on line "
                + firstTextLine), null);
      }
      List<String> sorted = new ArrayList<>(levelList);
      if (type == ColumnType.BINARY && sorted.size() < 2) {
        if (Set.of("0", "1").containsAll(sorted)) {
          sorted = new ArrayList<>(List.of("0", "1"));
        } else if (Set.of("false", "true").containsAll(sorted)) {
          sorted = new ArrayList<>(List.of("false", "true"));
        } else {
          throw new TableFormatException(file, 0, name, "a BINARY column must have 2 distinct "
              + "values, got " + sorted + " (only 0/1 and false/true columns may show one)", null);
        }
      }
      if (type == ColumnType.BINARY && sorted.size() > 2) {
        throw new TableFormatException(file, 0, name, "a BINARY column must have 2 distinct "
            + "values, got " + sorted.size() + " " + preview(sorted), null);
      }
      sorted.sort(null);
      Map<String, Integer> index = new HashMap<>();
      for (int k = 0; k < sorted.size(); k++) {
        index.put(sorted.get(k), k);
      }
      int[] remap = new int[levelList.size()];
      for (int k = 0; k < remap.length; k++) {
        remap[k] = index.get(levelList.get(k));
      }
      int[] c = new int[size];
      for (int i = 0; i < size; i++) {
        c[i] = mask[i] ? -1 : remap[codes[i]];
      }
      return type == ColumnType.BINARY ? Column.binary(name, sorted, c, mask)
          : Column.categorical(name, sorted, c, mask);
    }

    private static String preview(List<String> levels) {
      List<String> shown = new ArrayList<>();
      for (String l : levels.subList(0, Math.min(levels.size(), 10))) {
        shown.add(show(l));
      }
      return shown + (levels.size() > 10 ? " ..." : "");
    }

    private static String show(String s) {
      return "\"" + (s.length() > 100 ? s.substring(0, 100) + "..." : s) + "\"";
    }
  }

  /**
   * Writes {@code table} as CSV with the default format (comma, double quotes where needed, CRLF
   * line ends): a header, then one record per row; the label column last. Missing entries are
   * empty fields ({@code NA} in a one-column file, where an empty field is a blank line); numbers are written so that they read back exactly. Written to a temp file and
   * renamed.
   *
   * @throws IllegalArgumentException when a level is empty, {@code NA} or {@code NaN} (it would
   *     read back as missing), or the table has a column called like that
   */
  public static void write(Table table, Path file) throws IOException {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(file, "file");
    List<Column> cols = new ArrayList<>(table.columns());
    table.label().ifPresent(cols::add);
    Set<String> missingTokens = CsvOptions.defaults().missingTokens();
    for (Column c : cols) {
      for (String l : c.levels()) {
        if (missingTokens.contains(l)) {
          throw new IllegalArgumentException("column " + c.name() + ": level \"" + l
              + "\" cannot be written, it would read back as missing");
        }
      }
    }
    AtomicFiles.write(file, out -> {
      Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
      CSVPrinter printer = new CSVPrinter(w, CSVFormat.DEFAULT);
      List<String> header = new ArrayList<>();
      for (Column c : cols) {
        header.add(c.name());
      }
      printer.printRecord(header);
      // in a one-column file an empty field would be a blank line, which reading skips
      String absent = cols.size() == 1 ? "NA" : "";
      String[] record = new String[cols.size()];
      for (int r = 0; r < table.rowCount(); r++) {
        for (int c = 0; c < cols.size(); c++) {
          Column col = cols.get(c);
          record[c] = col.isMissing(r) ? absent
              : col.type() == ColumnType.NUMERIC ? number(col.number(r)) : col.level(r);
        }
        printer.printRecord((Object[]) record);
      }
      printer.flush();
    });
  }

  /** A number as text that reads back to the same double. */
  static String number(double x) {
    if (x == Math.rint(x) && Math.abs(x) < 1e15 && (x != 0 || 1 / x > 0)) {
      return Long.toString((long) x);
    }
    return Double.toString(x);
  }

  /** Thrown inside the reader stack when a bound is passed; turned into a TableFormatException. */
  private static final class LimitException extends IOException {
    private static final long serialVersionUID = 1L;

    LimitException(String message) {
      super(message);
    }
  }

  /** Refuses to read past {@code max} bytes (a file may grow while it is read). */
  private static final class BoundedInputStream extends java.io.FilterInputStream {
    private final long max;
    private long count;

    BoundedInputStream(InputStream in, long max) {
      super(in);
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0 && ++count > max) {
        throw tooLong();
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (n > 0 && (count += n) > max) {
        throw tooLong();
      }
      return n;
    }

    private IOException tooLong() {
      return new LimitException("file must be at most " + max
          + " bytes (CsvOptions.maxFileBytes), got more while reading");
    }
  }

  /** Counts the chars of the record being read, refusing more than the record bound. */
  private static final class CountingReader extends FilterReader {
    private long sinceRecord;
    private long max = Long.MAX_VALUE;

    CountingReader(Reader in) {
      super(in);
    }

    void bound(long max) {
      this.max = max;
    }

    void startRecord() {
      sinceRecord = 0;
    }

    @Override
    public int read() throws IOException {
      int c = super.read();
      if (c >= 0) {
        count(1);
      }
      return c;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws LimitException {
      sinceRecord += n;
      if (sinceRecord > max) {
        throw new LimitException("a record must have at most " + (max - READ_AHEAD)
            + " chars (CsvOptions.maxRecordChars), got more");
      }
    }
  }

  /** Chars the parser may read beyond the current record (its buffer). */
  private static final int READ_AHEAD = 8192;
}
