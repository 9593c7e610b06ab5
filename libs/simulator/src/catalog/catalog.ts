import { itemAt } from '@platform/common';
import { AliasTable } from '../random/alias-table';
import type { Random } from '../random/random';
import { brandNames } from './brand-names';
import { CODED_CATEGORIES, UNCODED_CATEGORIES, UNCODED_MEDIAN_PRICE, UNCODED_SHARE } from './category-taxonomy';

/** Knobs of the catalog; the defaults are calibrated against the real slices (see README). */
export interface CatalogOptions {
  products: number;
  /** Zipf exponent of product popularity (weight of the k-th most popular ∝ k^-exponent). */
  popularityExponent: number;
  /** Spread (sd of ln price) of products around their category's median price. */
  priceSpread: number;
  /** Share of products without a brand (real rows: 15 %). */
  brandlessShare: number;
}

/**
 * The simulated store, as flat arrays for the generator's hot loop. Products are stored grouped
 * by category, so a category is a contiguous index range and a popularity-weighted draw inside
 * it is one alias-table lookup (`productTable`).
 */
export interface Catalog {
  categoryCount: number;
  categoryId: string[];
  categoryCode: string[];
  categoryLogMedianPrice: Float64Array;
  /** Running sums of category weights (the sum of their products' popularity). */
  categoryCumulative: Float64Array;
  /** Draws a category by weight. */
  categoryTable: AliasTable;
  categoryStart: Int32Array;
  categoryEnd: Int32Array;
  productCount: number;
  productCategory: Int32Array;
  productPrice: Float64Array;
  /** ln(price + 1) − ln(category median price + 1): the price input of the purchase model. */
  productPriceLogRatio: Float64Array;
  /** ln(popularity × product count): 0 for a product of average popularity. */
  productLogPopularity: Float64Array;
  productCumulative: Float64Array;
  /** Draws a product of a category by popularity: `sample(random, categoryStart[c], categoryEnd[c])`. */
  productTable: AliasTable;
  /** `product_id,category_id,category_code,brand,price` of each product, ready to print. */
  productCsv: string[];
  /** The same fields as JSON members (ids as strings, price a number). */
  productJson: string[];
}

const PRODUCT_ID_MIN = 1_000_000;
const PRODUCT_ID_SPAN = 99_000_000;
// REES46 category ids are 19 digits starting 2053013...; ours share the shape.
const CATEGORY_ID_PREFIX = '2053013';
const CATEGORY_ID_MIN = 552_000_000_000;
const CATEGORY_ID_SPAN = 20_000_000_000;
const ZERO_PRICE_SHARE = 0.001; // real rows: 324 of 300,000 at 0.00

/** Distinct integers spread over [min, min + span): one per slot of a shuffled grid, jittered. */
function spreadIds(random: Random, count: number, min: number, span: number): number[] {
  const slot = Math.floor(span / count);
  const order = shuffled(random, count);
  return Array.from(order, (position) => min + position * slot + random.int(slot));
}

function shuffled(random: Random, count: number): Int32Array {
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  for (let i = count - 1; i > 0; i--) {
    const j = random.int(i + 1);
    const swap = order[i] ?? 0;
    order[i] = order[j] ?? 0;
    order[j] = swap;
  }
  return order;
}

function cumulativeOf(weights: ArrayLike<number>): Float64Array {
  const cumulative = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) cumulative[i] = sum += weights[i] ?? 0;
  return cumulative;
}

export function buildCatalog(random: Random, options: CatalogOptions): Catalog {
  // Categories: the coded ones from the real taxonomy, then uncoded ones (Zipf weights) taking
  // the real share of events.
  const codedWeight = CODED_CATEGORIES.reduce((sum, spec) => sum + spec.weight, 0);
  const uncodedRaw = Array.from({ length: UNCODED_CATEGORIES }, (_, k) => 1 / Math.pow(k + 1, 1.1));
  const uncodedScale = (codedWeight * UNCODED_SHARE) / (1 - UNCODED_SHARE) / uncodedRaw.reduce((a, b) => a + b, 0);
  const categoryCount = CODED_CATEGORIES.length + UNCODED_CATEGORIES;
  const categoryCode: string[] = [];
  const specWeight: number[] = [];
  const categoryLogMedianPrice = new Float64Array(categoryCount);
  CODED_CATEGORIES.forEach((spec, c) => {
    categoryCode.push(spec.code);
    specWeight.push(spec.weight);
    categoryLogMedianPrice[c] = Math.log(spec.medianPrice);
  });
  uncodedRaw.forEach((weight, k) => {
    categoryCode.push('');
    specWeight.push(weight * uncodedScale);
    categoryLogMedianPrice[CODED_CATEGORIES.length + k] = Math.log(UNCODED_MEDIAN_PRICE) + 0.9 * random.normal();
  });
  const categoryId = spreadIds(random, categoryCount, CATEGORY_ID_MIN, CATEGORY_ID_SPAN).map((n) => CATEGORY_ID_PREFIX + String(n));

  // Brands: a shared pool with its own popularity; each category stocks a few, big ones more.
  const pool = brandNames(random, 3000);
  const poolCumulative = cumulativeOf(pool.map((_, rank) => 1 / Math.pow(rank + 1, 0.9)));
  const maxWeight = Math.max(...specWeight);
  const categoryBrands = specWeight.map((weight) => {
    const count = 3 + Math.floor(60 * Math.pow(weight / maxWeight, 0.4));
    const brands = new Set<string>();
    while (brands.size < count) brands.add(itemAt(pool, random.weighted(poolCumulative)));
    return [...brands];
  });

  // Products: category by weight, popularity by a shuffled Zipf rank, then grouped by category.
  const { products } = options;
  const specCumulative = cumulativeOf(specWeight);
  const drawnCategory = new Int32Array(products);
  const categoryStart = new Int32Array(categoryCount);
  const categoryEnd = new Int32Array(categoryCount);
  for (let i = 0; i < products; i++) {
    const c = random.weighted(specCumulative);
    drawnCategory[i] = c;
    categoryEnd[c] = (categoryEnd[c] ?? 0) + 1;
  }
  for (let c = 0, start = 0; c < categoryCount; c++) {
    const count = categoryEnd[c] ?? 0;
    categoryStart[c] = start;
    categoryEnd[c] = start;
    start += count;
  }
  const rank = shuffled(random, products);
  const productIds = spreadIds(random, products, PRODUCT_ID_MIN, PRODUCT_ID_SPAN);
  const productCategory = new Int32Array(products);
  const productPrice = new Float64Array(products);
  const productPriceLogRatio = new Float64Array(products);
  const productWeight = new Float64Array(products);
  const productLogPopularity = new Float64Array(products);
  const productCsv: string[] = new Array(products);
  const productJson: string[] = new Array(products);
  let weightSum = 0;
  for (let i = 0; i < products; i++) weightSum += 1 / Math.pow((rank[i] ?? 0) + 1, options.popularityExponent);
  for (let i = 0; i < products; i++) {
    const c = drawnCategory[i] ?? 0;
    const p = categoryEnd[c] ?? 0;
    categoryEnd[c] = p + 1;
    const weight = 1 / Math.pow((rank[i] ?? 0) + 1, options.popularityExponent);
    const logMedianPrice = categoryLogMedianPrice[c] ?? 0;
    productCategory[p] = c;
    productWeight[p] = weight;
    productLogPopularity[p] = Math.log((weight / weightSum) * products);
    const price =
      random.next() < ZERO_PRICE_SHARE ? 0 : Math.max(0.5, Math.round(Math.exp(logMedianPrice + options.priceSpread * random.normal()) * 100) / 100);
    productPrice[p] = price;
    productPriceLogRatio[p] = Math.log1p(price) - Math.log1p(Math.exp(logMedianPrice));
    const brands = itemAt(categoryBrands, c);
    const brand = random.next() < options.brandlessShare ? '' : itemAt(brands, Math.floor(brands.length * Math.pow(random.next(), 2)));
    const category = itemAt(categoryId, c);
    const code = itemAt(categoryCode, c);
    const id = String(productIds[i]);
    const text = price.toFixed(2);
    productCsv[p] = `${id},${category},${code},${brand},${text}`;
    productJson[p] = `"product_id":"${id}","category_id":"${category}","category_code":"${code}","brand":"${brand}","price":${text}`;
  }
  const categoryWeight = new Float64Array(categoryCount);
  for (let p = 0; p < products; p++) {
    const c = productCategory[p] ?? 0;
    categoryWeight[c] = (categoryWeight[c] ?? 0) + (productWeight[p] ?? 0);
  }
  const segments = Array.from(categoryStart, (start, c) => [start, categoryEnd[c] ?? start] as const);
  return {
    categoryTable: new AliasTable(categoryWeight),
    productTable: new AliasTable(productWeight, segments),
    categoryCount,
    categoryId,
    categoryCode,
    categoryLogMedianPrice,
    categoryCumulative: cumulativeOf(categoryWeight),
    categoryStart,
    categoryEnd,
    productCount: products,
    productCategory,
    productPrice,
    productPriceLogRatio,
    productLogPopularity,
    productCumulative: cumulativeOf(productWeight),
    productCsv,
    productJson,
  };
}
