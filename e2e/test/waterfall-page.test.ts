import { TRACE_CHECK_FLAGS } from '@tracing-lab/contract';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchHeadlessChromium, type HeadlessChromium } from '../../test-support/browser/headless-chromium';
import { labForThisFile } from '../../test-support/lab/suite-lifecycle';
import { endNs, readRawSpans, startNs, type RawSpan } from '../../test-support/lab/tempo-raw-trace';
import { labArgs, runTraceCheckCli } from '../../test-support/lab/trace-check-process';

// trace-check --html, drawn by a real browser (Debian's Chromium, headless): the page's bars are measured where the
// browser laid them out and compared with the trace as the Tempo stand-in holds it (its raw JSON, read without
// trace-check), and the screenshot is read back to see the bars drawn where the geometry says.

const lab = labForThisFile();
let chromium: HeadlessChromium;
beforeAll(async () => {
  chromium = await launchHeadlessChromium();
});
afterAll(async () => {
  await chromium?.close();
});

/** Geometry of one row as the browser laid it out, in CSS pixels of the viewport. */
interface RowBox {
  spanId: string;
  top: number;
  label: { left: number };
  /** The track's inside (its padding box), where bars are positioned. */
  track: { left: number; width: number };
  bar: { left: number; width: number; top: number; height: number; colour: string };
}

/** The little of the DOM the measurement uses (the tests are typed without the DOM library). */
interface MeasuredElement {
  querySelector(selector: string): MeasuredElement | null;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { left: number; top: number; width: number; height: number };
  clientLeft: number;
  clientWidth: number;
}

function rowBoxes(page: Page): Promise<RowBox[]> {
  // Runs in the page.
  return page.$$eval('[data-span-id]', (elements) =>
    (elements as unknown as MeasuredElement[]).map((row) => {
      const within = (selector: string): MeasuredElement => row.querySelector(selector)!;
      const [label, track, bar] = [within('.label'), within('.track'), within('.bar')];
      const barRect = bar.getBoundingClientRect();
      const { getComputedStyle } = globalThis as unknown as { getComputedStyle(element: MeasuredElement): { backgroundColor: string } };
      return {
        spanId: row.getAttribute('data-span-id')!,
        top: label.getBoundingClientRect().top,
        label: { left: label.getBoundingClientRect().left },
        track: { left: track.getBoundingClientRect().left + track.clientLeft, width: track.clientWidth },
        bar: { left: barRect.left, width: barRect.width, top: barRect.top, height: barRect.height, colour: getComputedStyle(bar).backgroundColor },
      };
    }),
  );
}

/** Depth of each span in the tree its parent links make within the trace (a missing parent: a root). */
function depths(spans: readonly RawSpan[]): Map<string, number> {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const depthOf = (span: RawSpan): number => {
    const parent = span.parentSpanId === undefined ? undefined : byId.get(span.parentSpanId);
    return parent === undefined ? 0 : 1 + depthOf(parent);
  };
  return new Map(spans.map((s) => [s.spanId, depthOf(s)]));
}

/** `rgb(37, 99, 235)` → [37, 99, 235]. */
const rgb = (css: string): number[] => css.match(/\d+/g)!.slice(0, 3).map(Number);

describe('trace-check --html, in headless Chromium', () => {
  let spans: RawSpan[];
  let boxes: RowBox[];
  let screenshot: PNG;
  let origin: { x: number; y: number };
  let page: Page;

  beforeAll(async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'waterfall-page-')), 'waterfall.html');
    const run = await runTraceCheckCli([...labArgs(lab.log.url, lab.tempo.url), TRACE_CHECK_FLAGS.html, file]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stderr).toContain(`trace-check: waterfall page written to ${file}`);
    const traceId = /x-trace-id ([0-9a-f]{32})/.exec(run.stdout)![1]!;
    spans = await readRawSpans(lab.tempo.url, traceId);

    page = await chromium.newPage({ width: 1200, height: 700 });
    await page.goto(`file://${file}`);
    boxes = await rowBoxes(page);
    const main = (await page.locator('main').boundingBox())!;
    origin = { x: main.x, y: main.y };
    screenshot = PNG.sync.read(await page.locator('main').screenshot());
    expect(readFileSync(file, 'utf8')).not.toMatch(/<script|<link|src=|url\(/);
  });

  it('has one row per span of the trace, each child after its parent', () => {
    expect(boxes.map((b) => b.spanId).sort()).toEqual(spans.map((s) => s.spanId).sort());
    const top = new Map(boxes.map((b) => [b.spanId, b.top]));
    for (const span of spans) {
      if (span.parentSpanId !== undefined && top.has(span.parentSpanId)) expect(top.get(span.spanId)!).toBeGreaterThan(top.get(span.parentSpanId)!);
    }
  });

  it('indents each span one step per level of nesting', () => {
    const depth = depths(spans);
    const rootLeft = boxes.find((b) => depth.get(b.spanId) === 0)!.label.left;
    const step = boxes.find((b) => depth.get(b.spanId) === 1)!.label.left - rootLeft;
    expect(step).toBeGreaterThan(4);
    for (const box of boxes) expect(box.label.left - rootLeft, box.spanId).toBeCloseTo(depth.get(box.spanId)! * step, 0);
  });

  it("draws each bar to scale: its left edge at the span's start and its width its duration, as shares of the trace", () => {
    const traceStart = spans.reduce((min, s) => (startNs(s) < min ? startNs(s) : min), startNs(spans[0]!));
    const traceEnd = spans.reduce((max, s) => (endNs(s) > max ? endNs(s) : max), endNs(spans[0]!));
    const total = Number(traceEnd - traceStart);
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    for (const box of boxes) {
      const span = byId.get(box.spanId)!;
      // A child ending less than 1 ms after its parent is drawn cut at the parent's end (start times are whole ms).
      const parent = span.parentSpanId === undefined ? undefined : byId.get(span.parentSpanId);
      const clipped = parent !== undefined && endNs(span) > endNs(parent) && endNs(span) - endNs(parent) < 1_000_000n;
      const end = clipped ? endNs(parent) : endNs(span);
      const left = box.track.left + (Number(startNs(span) - traceStart) / total) * box.track.width;
      const width = (Number(end - startNs(span)) / total) * box.track.width;
      expect(Math.abs(box.bar.left - left), `${span.name}: left ${box.bar.left}, expected ${left}`).toBeLessThanOrEqual(1);
      expect(Math.abs(box.bar.width - Math.max(2, width)), `${span.name}: width ${box.bar.width}, expected ${width}`).toBeLessThanOrEqual(1);
    }
    // Every track is as wide as every other: one scale for the whole trace.
    expect(new Set(boxes.map((b) => Math.round(b.track.width))).size).toBe(1);
  });

  it('the screenshot shows each bar where the page laid it out', () => {
    const pixel = (x: number, y: number): number[] => {
      const at = (Math.round(y - origin.y) * screenshot.width + Math.round(x - origin.x)) * 4;
      return [screenshot.data[at]!, screenshot.data[at + 1]!, screenshot.data[at + 2]!];
    };
    const near = (a: number[], b: number[]): boolean => a.every((v, i) => Math.abs(v - b[i]!) <= 8);
    for (const box of boxes) {
      const colour = rgb(box.bar.colour);
      const middle = box.bar.top + box.bar.height / 2;
      expect(pixel(box.bar.left + box.bar.width / 2, middle), `${box.spanId} inside its bar`).toSatisfy((p: number[]) => near(p, colour));
      // Just outside the bar, on the same track, the track shows through (when there is room before or after it).
      if (box.bar.left - box.track.left > 4) expect(near(pixel(box.bar.left - 3, middle), colour), `${box.spanId} before its bar`).toBe(false);
      if (box.track.left + box.track.width - (box.bar.left + box.bar.width) > 4) {
        expect(near(pixel(box.bar.left + box.bar.width + 3, middle), colour), `${box.spanId} after its bar`).toBe(false);
      }
    }
  });

  it("says what trace-check found: the OK sentence's checks", async () => {
    expect(await page.locator('.verdict').innerText()).toMatch(/^trace-check: OK: one trace; the echo-service span is nested under the log-service span/);
  });
});
