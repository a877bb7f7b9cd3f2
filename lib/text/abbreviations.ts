/**
 * Words that end with a full stop without ending a sentence, per language (compared lower-cased, without the dot).
 * Single letters (initials such as "J. Smith") are handled by the splitter itself. Extend per call with
 * `SplitOptions.abbreviations`.
 */
export type SplitLanguage = 'en' | 'es';

export const ABBREVIATIONS: Readonly<Record<SplitLanguage, readonly string[]>> = {
  en: ['mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'mt', 'vs', 'etc', 'e.g', 'i.e', 'cf', 'no', 'vol', 'ch', 'p', 'pp', 'fig', 'al', 'approx', 'dept', 'est', 'inc', 'ltd', 'co', 'gen', 'gov', 'lt', 'col', 'capt', 'rev', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'u.s', 'a.m', 'p.m'],
  es: ['sr', 'sra', 'srta', 'sres', 'dr', 'dra', 'lic', 'ing', 'prof', 'profa', 'ud', 'uds', 'vd', 'vds', 'etc', 'pág', 'págs', 'cap', 'núm', 'no', 'vol', 'fig', 'ej', 'p. ej', 'aprox', 'av', 'avda', 'dpto', 'cía', 'ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sept', 'set', 'oct', 'nov', 'dic', 'a.c', 'd.c', 'ee.uu', 'gral', 'sto', 'sta'],
};
