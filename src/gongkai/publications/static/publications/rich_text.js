// Chinese words for the rich-text editor (django-prose-editor, installed with pip and served from
// /static/) and a name for its editing area. A classic script: it runs before the editor's
// modules, which read window.gettext once when they load.
(function () {
  "use strict";
  var words = {
    // Dialogs (the editor's gettext messages).
    "Image URL": "图片地址",
    "Alternative Text": "替代文字",
    "Edit Image": "编辑图片",
    "Insert": "插入",
    "Update": "更新",
    "Cancel": "取消",
    "Edit HTML": "编辑HTML",
    "Prettify": "整理格式",
    "URL": "链接地址",
    "Title": "标题",
    "Open in new window": "在新窗口打开",
    "Edit Link": "编辑链接",
    "List properties": "列表属性",
    "Decimal numbers": "数字",
    "Lowercase letters": "小写字母",
    "Uppercase letters": "大写字母",
    "Lowercase Roman numerals": "小写罗马数字",
    "Uppercase Roman numerals": "大写罗马数字",
    "Bullets": "项目符号",
    "Start at": "起始编号",
    "List type": "列表类型",
    "Rows": "行数",
    "Columns": "列数",
    "Include header row": "包含表头行",
    "Table Properties": "表格属性",
    "Insert Table": "插入表格",
    "Toggle fullscreen": "全屏",
    // Toolbar buttons (titles and accessible names).
    "paragraph": "段落",
    "Paragraph": "段落",
    "Heading 2": "二级标题",
    "Heading 3": "三级标题",
    "Heading 4": "四级标题",
    "unordered list": "项目符号列表",
    "ordered list": "编号列表",
    "blockquote": "引用",
    "bold": "粗体",
    "italic": "斜体",
    "underline": "下划线",
    "insert link": "插入链接",
    "remove link": "取消链接",
    "Insert table": "插入表格",
    "Add column": "右侧插入列",
    "Delete column": "删除列",
    "Add row": "下方插入行",
    "Delete row": "删除行",
    "Merge cells": "合并单元格",
    "Split cell": "拆分单元格",
    "Toggle header cell": "切换表头单元格",
    "Delete table": "删除表格",
    "undo": "撤销",
    "redo": "重做",
    "edit HTML": "编辑HTML",
  };

  function translate(text) {
    return Object.prototype.hasOwnProperty.call(words, text) ? words[text] : text;
  }

  if (typeof window.gettext !== "function") {
    window.gettext = translate;
  }

  function relabel(root) {
    root.querySelectorAll("[title], [aria-label]").forEach(function (element) {
      ["title", "aria-label"].forEach(function (name) {
        var value = element.getAttribute(name);
        if (value !== null && translate(value) !== value) {
          element.setAttribute(name, translate(value));
        }
      });
    });
    root.querySelectorAll(".prose-menubar__option > *").forEach(function (element) {
      if (translate(element.textContent) !== element.textContent) {
        element.textContent = translate(element.textContent);
      }
    });
  }

  document.addEventListener("prose-editor:ready", function (event) {
    var textarea = event.detail.textarea;
    var area = event.detail.editor.view.dom;
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    if (label) {
      area.setAttribute("aria-label", label.textContent.replace("*", "").trim());
    }
    area.setAttribute("aria-multiline", "true");
    if (textarea.hasAttribute("aria-describedby")) {
      area.setAttribute("aria-describedby", textarea.getAttribute("aria-describedby"));
    }
    var editor = textarea.closest(".prose-editor") || textarea.parentElement;
    relabel(editor);
    // The editor rewrites titles (the block-type dropdown follows the cursor): label them again.
    new MutationObserver(function () {
      relabel(editor);
    }).observe(editor, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["title", "aria-label"],
    });
  });
})();
